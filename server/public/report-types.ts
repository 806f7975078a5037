// The short list of problems the residents' report page (/report) offers, in plain
// words, each mapped to one leaf case type of the taxonomy (schema/003). The server
// accepts any leaf type; these are the common ones a resident meets on the street.
// A test holds every code to a leaf of case_types.

export interface ReportType {
  /** Stable key (the page's icon and test hook). */
  key: string;
  type_code: string;
  name_zh: string;
  name_en: string;
  hint_zh: string;
  hint_en: string;
}

export const REPORT_TYPES: readonly ReportType[] = [
  { key: 'litter', type_code: '01010101', name_zh: '垃圾没清', name_en: 'Litter', hint_zh: '路边、楼下的垃圾', hint_en: 'Rubbish left by the road or a building' },
  { key: 'bin', type_code: '01020101', name_zh: '垃圾桶满了', name_en: 'Full bin', hint_zh: '垃圾箱满溢', hint_en: 'An overflowing bin' },
  { key: 'lamp', type_code: '03040101', name_zh: '路灯不亮', name_en: 'Lamp out', hint_zh: '路灯坏了或不亮', hint_en: 'A street lamp that is dark' },
  { key: 'manhole', type_code: '03030101', name_zh: '井盖丢了', name_en: 'Manhole cover', hint_zh: '井盖缺失，有危险', hint_en: 'A missing manhole cover: dangerous' },
  { key: 'road', type_code: '03010104', name_zh: '人行道坏了', name_en: 'Broken pavement', hint_zh: '地砖破损、松动', hint_en: 'Broken or loose paving slabs' },
  { key: 'vendor', type_code: '02020201', name_zh: '占道摆摊', name_en: 'Street stalls', hint_zh: '摊位占了人行道或马路', hint_en: 'Stalls blocking the pavement or road' },
  { key: 'clutter', type_code: '02020301', name_zh: '乱堆乱放', name_en: 'Piled-up goods', hint_zh: '杂物、材料堆在路上', hint_en: 'Goods or materials piled on the street' },
  { key: 'flyers', type_code: '02030101', name_zh: '小广告', name_en: 'Flyers', hint_zh: '乱贴乱画的小广告', hint_en: 'Illegal flyers posted or painted' },
  { key: 'tree', type_code: '04010102', name_zh: '树枝断了', name_en: 'Broken branch', hint_zh: '断枝、枯枝、倒树', hint_en: 'Broken, dead or fallen branches' },
  { key: 'flood', type_code: '03020101', name_zh: '路面积水', name_en: 'Flooded road', hint_zh: '下雨后排不掉的积水', hint_en: 'Water that does not drain away' },
];
