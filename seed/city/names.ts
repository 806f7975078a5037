// Chinese names (with pinyin for the English interface) for the synthetic city:
// street offices, communities, roads, places and people. The street offices are
// those of Louxing District, Loudi; the rest is drawn from local-sounding pools.
import type { Random } from '../random.ts';

export interface Name {
  zh: string;
  en: string;
}

export const DISTRICT = { code: '431302', zh: '娄星区', en: 'Louxing District' };

export const STREET_OFFICES: Name[] = [
  { zh: '乐坪街道', en: 'Leping Subdistrict' },
  { zh: '花山街道', en: 'Huashan Subdistrict' },
  { zh: '长青街道', en: 'Changqing Subdistrict' },
  { zh: '大科街道', en: 'Dake Subdistrict' },
  { zh: '黄泥塘街道', en: 'Huangnitang Subdistrict' },
  { zh: '涟滨街道', en: 'Lianbin Subdistrict' },
];

const COMMUNITY_STEMS: [string, string][] = [
  ['石井', 'Shijing'], ['月塘', 'Yuetang'], ['春园', 'Chunyuan'], ['梅塘', 'Meitang'], ['杉山', 'Shanshan'],
  ['新星', 'Xinxing'], ['大埠', 'Dabu'], ['氐星', 'Dixing'], ['贤童', 'Xiantong'], ['吉星', 'Jixing'],
  ['株木', 'Zhumu'], ['丁家', 'Dingjia'], ['茶园', 'Chayuan'], ['扶青', 'Fuqing'], ['青山', 'Qingshan'],
  ['华达', 'Huada'], ['振兴', 'Zhenxing'], ['团结', 'Tuanjie'], ['建设', 'Jianshe'], ['文昌', 'Wenchang'],
  ['育才', 'Yucai'], ['桃园', 'Taoyuan'], ['荷花', 'Hehua'], ['金竹', 'Jinzhu'], ['向阳', 'Xiangyang'],
  ['东风', 'Dongfeng'], ['光明', 'Guangming'], ['五江', 'Wujiang'], ['湘阳', 'Xiangyang'], ['秋园', 'Qiuyuan'],
  ['花溪', 'Huaxi'], ['百亩', 'Baimu'], ['珠山', 'Zhushan'], ['枫林', 'Fenglin'], ['栗山', 'Lishan'],
  ['万宝', 'Wanbao'], ['西阳', 'Xiyang'], ['龙泉', 'Longquan'], ['双江', 'Shuangjiang'], ['洪家', 'Hongjia'],
];

const ROAD_STEMS: [string, string][] = [
  ['乐坪', 'Leping'], ['湘中', 'Xiangzhong'], ['长青', 'Changqing'], ['娄星', 'Louxing'], ['氐星', 'Dixing'],
  ['贤童', 'Xiantong'], ['月塘', 'Yuetang'], ['花山', 'Huashan'], ['涟滨', 'Lianbin'], ['大科', 'Dake'],
  ['吉星', 'Jixing'], ['春园', 'Chunyuan'], ['孙水', 'Sunshui'], ['华星', 'Huaxing'], ['振兴', 'Zhenxing'],
  ['新星', 'Xinxing'], ['育才', 'Yucai'], ['建设', 'Jianshe'], ['人民', 'Renmin'], ['解放', 'Jiefang'],
  ['文昌', 'Wenchang'], ['青山', 'Qingshan'], ['石井', 'Shijing'], ['茶园', 'Chayuan'], ['梅塘', 'Meitang'],
  ['杉山', 'Shanshan'], ['扶青', 'Fuqing'], ['株木', 'Zhumu'], ['丁家', 'Dingjia'], ['团结', 'Tuanjie'],
  ['光明', 'Guangming'], ['向阳', 'Xiangyang'], ['桃园', 'Taoyuan'], ['荷花', 'Hehua'], ['金竹', 'Jinzhu'],
  ['东风', 'Dongfeng'], ['五一', 'Wuyi'], ['湘阳', 'Xiangyang'], ['秋园', 'Qiuyuan'], ['花溪', 'Huaxi'],
  ['珠山', 'Zhushan'], ['枫林', 'Fenglin'], ['栗山', 'Lishan'], ['万宝', 'Wanbao'], ['龙泉', 'Longquan'],
  ['双江', 'Shuangjiang'], ['洪家', 'Hongjia'], ['百亩', 'Baimu'], ['西阳', 'Xiyang'], ['太和', 'Taihe'],
  ['永兴', 'Yongxing'], ['富民', 'Fumin'], ['和平', 'Heping'], ['迎宾', 'Yingbin'], ['中兴', 'Zhongxing'],
  ['星湖', 'Xinghu'], ['翠竹', 'Cuizhu'], ['金山', 'Jinshan'], ['新华', 'Xinhua'], ['胜利', 'Shengli'],
  ['梓门', 'Zimen'], ['桥头', 'Qiaotou'], ['书院', 'Shuyuan'], ['仙女', 'Xiannü'], ['水府', 'Shuifu'],
  ['德馨', 'Dexin'], ['映山', 'Yingshan'], ['安康', 'Ankang'], ['锦绣', 'Jinxiu'], ['盛世', 'Shengshi'],
];

const ROAD_SUFFIX: Record<'arterial' | 'secondary' | 'branch' | 'lane', readonly (readonly [string, string])[]> = {
  arterial: [['大道', 'Avenue'], ['路', 'Road']],
  secondary: [['路', 'Road']],
  branch: [['街', 'Street'], ['路', 'Road']],
  lane: [['巷', 'Lane'], ['街', 'Street']],
};

const DIRECTION: [string, string][] = [['东', 'East'], ['西', 'West'], ['南', 'South'], ['北', 'North'], ['中', 'Middle']];

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Chinese numeral for 1-99. */
export function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n]!;
  if (n < 20) return `十${NUMERALS[n - 10]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${NUMERALS[tens]}十${ones ? NUMERALS[ones] : ''}`;
}

/** Hands out names from a pool without repeats, with a numbered fallback. */
export class NamePool {
  private readonly order: [string, string][];
  private next = 0;

  constructor(rng: Random, pool: readonly [string, string][]) {
    this.order = rng.shuffle([...pool]);
  }

  take(): Name {
    const stem = this.order[this.next % this.order.length]!;
    const round = Math.floor(this.next / this.order.length);
    this.next++;
    if (round === 0) return { zh: stem[0], en: stem[1] };
    const dir = DIRECTION[(round - 1) % DIRECTION.length]!;
    return { zh: `${stem[0]}${dir[0]}`, en: `${stem[1]} ${dir[1]}` };
  }
}

export function communityPool(rng: Random): NamePool {
  return new NamePool(rng, COMMUNITY_STEMS);
}

export function roadPool(rng: Random): NamePool {
  return new NamePool(rng, ROAD_STEMS);
}

export function roadName(stem: Name, cls: keyof typeof ROAD_SUFFIX, rng: Random): Name {
  const [zh, en] = rng.pick(ROAD_SUFFIX[cls]);
  return { zh: `${stem.zh}${zh}`, en: `${stem.en} ${en}` };
}

// People: surnames weighted as in Hunan (刘, 李, 陈, 王, 张, ... lead), given names of
// one or two characters.
const SURNAMES = '刘李陈王张周曾彭谭罗贺肖邓唐胡杨黄赵吴谢龙欧颜廖蒋易向文朱袁阳邹梁郭许何肖姚田汤聂康戴李刘陈王张'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉红玲斌宇浩凯鹏婷雪琳晨欣志勤海燕波丹宁亮春梅兰新湘娇飞雄旭东林峰俊琦怡佳慧颖鑫'.split('');

export function personName(rng: Random): string {
  const given = rng.chance(0.6) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

export function phoneNumber(rng: Random): string {
  const prefix = rng.pick(['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '173', '177', '180', '181', '186', '187', '188', '189', '191', '199']);
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(rng.int(0, 9));
  return prefix + rest;
}
