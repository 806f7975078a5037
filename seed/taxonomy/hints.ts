// Generation hints for the synthetic city seed, keyed by the reference codes of
// schema/003.do.reference-data.sql: where each component class stands and how common
// it is in a census, and how often, where and when each leaf case type occurs.
//
// Component weights are relative counts in a district census (street trees, manhole
// covers, lamps and bins dominate; toilets, transfer stations, bridges and fountains
// are rare). Case weights are percentages of all cases and sum to 100, following the
// typical mix: dirty environment (sanitation domain) 42%, illegal building 23%, street
// vending 18%, everything else 17%, with noise and parking standing out at night.

export type Placement = 'roadside' | 'intersection' | 'block' | 'park' | 'building' | 'bus_stop' | 'waterfront';
export type Attractor = 'residential' | 'market' | 'school' | 'hospital' | 'road' | 'arterial' | 'park' | 'commercial' | 'construction' | 'river' | 'transit';
export type HourProfile = 'daytime' | 'evening' | 'night' | 'commute' | 'allday' | 'morning';
export type SeasonProfile = 'none' | 'summer' | 'winter' | 'rainy' | 'festival';
export interface ComponentHint { placement: Placement; weight: number; }
export interface CaseTypeHint {
  weight: number;            // relative frequency among all cases
  near: Attractor[];         // where this problem occurs (first is the strongest)
  hours: HourProfile;
  season: SeasonProfile;
  componentClasses?: string[]; // component class codes (4 digits) this problem is about, if any
}

export const componentHints: Record<string, ComponentHint> = {
  // 01 公用设施 / Public utilities
  '0101': { placement: 'roadside', weight: 55 }, // 上水井盖
  '0102': { placement: 'roadside', weight: 65 }, // 污水井盖
  '0103': { placement: 'roadside', weight: 60 }, // 雨水井盖
  '0104': { placement: 'roadside', weight: 90 }, // 雨水箅子
  '0105': { placement: 'roadside', weight: 30 }, // 电力井盖
  '0106': { placement: 'roadside', weight: 35 }, // 路灯井盖
  '0107': { placement: 'roadside', weight: 45 }, // 通信井盖
  '0108': { placement: 'roadside', weight: 10 }, // 有线电视井盖
  '0109': { placement: 'roadside', weight: 3 }, // 热力井盖
  '0110': { placement: 'roadside', weight: 18 }, // 燃气井盖
  '0111': { placement: 'intersection', weight: 6 }, // 公安井盖
  '0112': { placement: 'roadside', weight: 4 }, // 无主井盖
  '0113': { placement: 'roadside', weight: 12 }, // 消防栓
  '0114': { placement: 'roadside', weight: 10 }, // 电力设施
  '0115': { placement: 'roadside', weight: 20 }, // 电线杆
  '0116': { placement: 'roadside', weight: 14 }, // 通信交接箱
  '0117': { placement: 'building', weight: 2 }, // 通信基站
  '0118': { placement: 'building', weight: 3 }, // 燃气调压箱
  '0119': { placement: 'roadside', weight: 1.5 }, // 邮筒
  '0120': { placement: 'roadside', weight: 1 }, // 报刊亭
  '0121': { placement: 'roadside', weight: 0.8 }, // 信息亭
  '0122': { placement: 'roadside', weight: 1.5 }, // 售货亭
  '0123': { placement: 'roadside', weight: 0.5 }, // 公用电话亭
  '0124': { placement: 'intersection', weight: 18 }, // 监控电子眼
  '0125': { placement: 'park', weight: 6 }, // 健身设施
  '0126': { placement: 'block', weight: 5 }, // 宣传栏
  '0127': { placement: 'roadside', weight: 0.5 }, // 综合管廊检修口
  // 02 交通设施 / Transport facilities
  '0201': { placement: 'block', weight: 4 }, // 停车场
  '0202': { placement: 'roadside', weight: 10 }, // 路内停车泊位
  '0203': { placement: 'roadside', weight: 3 }, // 停车咪表
  '0204': { placement: 'bus_stop', weight: 7 }, // 公交站亭
  '0205': { placement: 'bus_stop', weight: 3 }, // 公交电子站牌
  '0206': { placement: 'roadside', weight: 0.8 }, // 出租车停靠站牌
  '0207': { placement: 'intersection', weight: 0.4 }, // 人行天桥
  '0208': { placement: 'intersection', weight: 0.3 }, // 地下通道
  '0209': { placement: 'intersection', weight: 0.1 }, // 高架立交桥
  '0210': { placement: 'waterfront', weight: 0.4 }, // 跨河桥
  '0211': { placement: 'waterfront', weight: 0.3 }, // 交通涵洞
  '0212': { placement: 'roadside', weight: 28 }, // 交通标志牌
  '0213': { placement: 'intersection', weight: 10 }, // 交通信号灯
  '0214': { placement: 'intersection', weight: 4 }, // 交通信号控制箱
  '0215': { placement: 'intersection', weight: 7 }, // 电子警察
  '0216': { placement: 'roadside', weight: 22 }, // 交通护栏
  '0217': { placement: 'roadside', weight: 12 }, // 隔离墩
  '0218': { placement: 'roadside', weight: 20 }, // 阻车桩
  '0219': { placement: 'block', weight: 5 }, // 减速带
  '0220': { placement: 'intersection', weight: 2 }, // 道路反光镜
  '0221': { placement: 'intersection', weight: 10 }, // 路名牌
  '0222': { placement: 'intersection', weight: 0.5 }, // 交通岗亭
  '0223': { placement: 'roadside', weight: 0.5 }, // 道路信息显示屏
  '0224': { placement: 'roadside', weight: 5 }, // 存车支架
  '0225': { placement: 'roadside', weight: 8 }, // 共享单车停放点
  '0226': { placement: 'block', weight: 5 }, // 汽车充电桩
  '0227': { placement: 'roadside', weight: 0.3 }, // 道路隔音屏
  // 03 市容环境设施 / City-appearance and environment facilities
  '0301': { placement: 'block', weight: 2.5 }, // 公共厕所
  '0302': { placement: 'park', weight: 0.5 }, // 移动厕所
  '0303': { placement: 'roadside', weight: 3 }, // 公厕指示牌
  '0304': { placement: 'building', weight: 1.5 }, // 化粪池
  '0305': { placement: 'building', weight: 4 }, // 垃圾房
  '0306': { placement: 'roadside', weight: 55 }, // 垃圾箱（果皮箱）
  '0307': { placement: 'block', weight: 25 }, // 分类垃圾桶（投放点）
  '0308': { placement: 'block', weight: 0.4 }, // 垃圾转运站
  '0309': { placement: 'building', weight: 2 }, // 餐厨垃圾收集点
  '0310': { placement: 'block', weight: 2 }, // 装修垃圾临时堆放点
  '0311': { placement: 'block', weight: 2 }, // 再生资源回收点
  '0312': { placement: 'roadside', weight: 2 }, // 环卫工具房
  '0313': { placement: 'roadside', weight: 1 }, // 环卫驿站
  '0314': { placement: 'roadside', weight: 2 }, // 环卫取水栓
  '0315': { placement: 'building', weight: 45 }, // 广告牌匾（门头招牌）
  '0316': { placement: 'roadside', weight: 4 }, // 户外广告牌
  '0317': { placement: 'building', weight: 1.5 }, // 户外电子屏
  '0318': { placement: 'building', weight: 10 }, // 灯箱霓虹灯
  '0319': { placement: 'roadside', weight: 8 }, // 灯杆道旗
  '0320': { placement: 'roadside', weight: 3 }, // 公益广告牌
  '0321': { placement: 'roadside', weight: 0.5 }, // 城管执法服务岗亭
  '0322': { placement: 'block', weight: 0.5 }, // 摊点疏导区
  '0323': { placement: 'block', weight: 0.2 }, // 空气质量监测站
  '0324': { placement: 'roadside', weight: 0.3 }, // 噪声监测显示屏
  // 04 园林绿化设施 / Landscaping facilities
  '0401': { placement: 'park', weight: 0.5 }, // 古树名木
  '0402': { placement: 'roadside', weight: 150 }, // 行道树
  '0403': { placement: 'block', weight: 12 }, // 独立树
  '0404': { placement: 'roadside', weight: 45 }, // 护树设施
  '0405': { placement: 'roadside', weight: 10 }, // 花坛花钵
  '0406': { placement: 'block', weight: 14 }, // 绿地
  '0407': { placement: 'roadside', weight: 12 }, // 道路绿化带
  '0408': { placement: 'roadside', weight: 10 }, // 绿地护栏
  '0409': { placement: 'park', weight: 9 }, // 街头座椅
  '0410': { placement: 'park', weight: 0.4 }, // 城市雕塑
  '0411': { placement: 'park', weight: 0.2 }, // 喷泉
  '0412': { placement: 'park', weight: 0.2 }, // 公园
  '0413': { placement: 'park', weight: 0.8 }, // 口袋公园
  '0414': { placement: 'park', weight: 0.8 }, // 园林亭廊
  '0415': { placement: 'block', weight: 5 }, // 绿地喷灌设施
  '0416': { placement: 'park', weight: 2 }, // 园林标识牌
  '0417': { placement: 'park', weight: 1 }, // 儿童游乐设施
  '0418': { placement: 'waterfront', weight: 0.3 }, // 绿道
  '0419': { placement: 'building', weight: 0.8 }, // 垂直绿化
  '0420': { placement: 'waterfront', weight: 0.2 }, // 生态林
  // 05 路灯专项和其他设施 / Street lighting and other facilities
  '0501': { placement: 'roadside', weight: 95 }, // 路灯
  '0502': { placement: 'park', weight: 18 }, // 景观灯
  '0503': { placement: 'intersection', weight: 0.8 }, // 高杆灯
  '0504': { placement: 'block', weight: 14 }, // 庭院灯
  '0505': { placement: 'park', weight: 8 }, // 地灯
  '0506': { placement: 'park', weight: 10 }, // 草坪灯
  '0507': { placement: 'building', weight: 4 }, // 楼体亮化灯饰
  '0508': { placement: 'park', weight: 5 }, // 投光灯
  '0509': { placement: 'roadside', weight: 3 }, // 路灯配电箱
  '0510': { placement: 'roadside', weight: 0.5 }, // 隧道灯
  '0511': { placement: 'block', weight: 8 }, // 电动自行车充电桩
  '0512': { placement: 'block', weight: 1.2 }, // 集中充电棚
  '0513': { placement: 'building', weight: 0.5 }, // 人防设施
  '0514': { placement: 'waterfront', weight: 0.8 }, // 防汛设施
  '0515': { placement: 'waterfront', weight: 0.2 }, // 排水泵站
  '0516': { placement: 'roadside', weight: 0.4 }, // 积水监测点
  '0517': { placement: 'waterfront', weight: 3 }, // 河道护栏
  '0518': { placement: 'roadside', weight: 4 }, // 无障碍设施
  '0519': { placement: 'park', weight: 0.2 }, // 应急避难场所
  '0520': { placement: 'block', weight: 1.5 }, // 应急广播
  '0521': { placement: 'block', weight: 0.6 }, // 社区服务驿站
};

export const caseTypeHints: Record<string, CaseTypeHint> = {
  // 01 环卫 / Sanitation (city appearance and environmental hygiene)
  // 010101 道路与公共场所保洁 > 道路保洁
  '01010101': { weight: 5.606, near: ['residential', 'market', 'road', 'commercial'], hours: 'daytime', season: 'none' }, // 暴露垃圾
  '01010102': { weight: 3.737, near: ['road', 'market', 'arterial'], hours: 'morning', season: 'none' }, // 道路不洁
  '01010103': { weight: 2.803, near: ['residential', 'construction', 'road'], hours: 'daytime', season: 'none' }, // 积存垃圾渣土
  '01010104': { weight: 1.402, near: ['residential', 'market', 'river'], hours: 'daytime', season: 'none' }, // 卫生死角
  '01010105': { weight: 0.561, near: ['commercial', 'market', 'road'], hours: 'morning', season: 'none' }, // 路面油污
  '01010106': { weight: 0.28, near: ['road', 'arterial'], hours: 'morning', season: 'none' }, // 清扫作业二次污染
  '01010107': { weight: 0.374, near: ['residential', 'commercial', 'road'], hours: 'morning', season: 'festival' }, // 烟花爆竹残屑
  // 010102 道路与公共场所保洁 > 公共场所不洁
  '01010201': { weight: 0.561, near: ['commercial', 'park'], hours: 'evening', season: 'none' }, // 广场不洁
  '01010202': { weight: 0.374, near: ['transit', 'arterial'], hours: 'daytime', season: 'none', componentClasses: ['0204'] }, // 公交站台不洁
  '01010203': { weight: 2.336, near: ['residential'], hours: 'daytime', season: 'none' }, // 楼道杂物堆放
  '01010204': { weight: 1.869, near: ['residential'], hours: 'daytime', season: 'none' }, // 小区环境脏乱
  '01010205': { weight: 1.402, near: ['residential', 'market'], hours: 'daytime', season: 'none' }, // 背街小巷脏乱
  // 010201 垃圾收运与分类 > 垃圾容器
  '01020101': { weight: 2.803, near: ['residential', 'market', 'commercial'], hours: 'evening', season: 'none', componentClasses: ['0306', '0307'] }, // 垃圾箱满溢
  '01020102': { weight: 0.747, near: ['road', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0306', '0307'] }, // 垃圾箱破损缺失
  '01020103': { weight: 1.869, near: ['residential', 'market'], hours: 'morning', season: 'summer', componentClasses: ['0306', '0307', '0305'] }, // 垃圾清运不及时
  '01020104': { weight: 0.467, near: ['residential', 'commercial'], hours: 'morning', season: 'none', componentClasses: ['0306', '0307'] }, // 垃圾桶乱摆放
  // 010202 垃圾收运与分类 > 垃圾分类
  '01020201': { weight: 0.934, near: ['residential'], hours: 'evening', season: 'none', componentClasses: ['0307'] }, // 分类投放不规范
  '01020202': { weight: 0.374, near: ['residential'], hours: 'morning', season: 'none', componentClasses: ['0307'] }, // 垃圾混装混运
  '01020203': { weight: 1.121, near: ['residential'], hours: 'evening', season: 'none', componentClasses: ['0307'] }, // 分类投放点脏乱
  '01020204': { weight: 0.467, near: ['commercial', 'market'], hours: 'night', season: 'none', componentClasses: ['0309'] }, // 餐厨垃圾乱倒
  // 010203 垃圾收运与分类 > 垃圾乱倒乱烧
  '01020301': { weight: 2.803, near: ['residential', 'construction'], hours: 'daytime', season: 'none', componentClasses: ['0310'] }, // 装修垃圾乱堆放
  '01020302': { weight: 1.402, near: ['residential'], hours: 'daytime', season: 'none' }, // 废弃家具设备
  '01020303': { weight: 0.747, near: ['construction', 'river', 'road'], hours: 'night', season: 'none' }, // 偷倒渣土
  '01020304': { weight: 0.374, near: ['residential', 'park'], hours: 'evening', season: 'winter' }, // 焚烧垃圾树叶
  '01020305': { weight: 0.28, near: ['residential', 'road'], hours: 'evening', season: 'festival' }, // 街头焚烧祭品
  // 010204 垃圾收运与分类 > 垃圾收运设施
  '01020401': { weight: 0.28, near: ['residential'], hours: 'allday', season: 'summer', componentClasses: ['0308'] }, // 垃圾转运站异味
  '01020402': { weight: 0.187, near: ['residential', 'road'], hours: 'daytime', season: 'summer', componentClasses: ['0308'] }, // 垃圾转运站污水外溢
  '01020403': { weight: 0.28, near: ['arterial', 'road'], hours: 'morning', season: 'none' }, // 收运车辆滴漏
  '01020404': { weight: 0.28, near: ['residential'], hours: 'night', season: 'none' }, // 收运作业噪声扰民
  // 010301 公共厕所 > 公厕管理
  '01030101': { weight: 0.561, near: ['park', 'market', 'transit'], hours: 'daytime', season: 'none', componentClasses: ['0301', '0302'] }, // 公厕不洁
  '01030102': { weight: 0.28, near: ['park', 'market'], hours: 'daytime', season: 'none', componentClasses: ['0301', '0302'] }, // 公厕设施损坏
  '01030103': { weight: 0.14, near: ['park', 'commercial'], hours: 'morning', season: 'none', componentClasses: ['0301', '0302'] }, // 公厕未按时开放
  '01030104': { weight: 0.28, near: ['residential'], hours: 'allday', season: 'rainy', componentClasses: ['0304'] }, // 化粪池满溢
  '01030105': { weight: 0.187, near: ['park', 'market'], hours: 'daytime', season: 'summer', componentClasses: ['0301', '0302'] }, // 公厕异味
  // 010401 水域与其他环境卫生 > 水域保洁
  '01040101': { weight: 0.467, near: ['river'], hours: 'daytime', season: 'rainy' }, // 水域不洁
  '01040102': { weight: 0.374, near: ['river', 'park'], hours: 'daytime', season: 'none' }, // 河道岸坡垃圾
  '01040103': { weight: 0.467, near: ['market', 'commercial', 'river'], hours: 'night', season: 'none' }, // 乱倒乱排污水
  // 010402 水域与其他环境卫生 > 其他环境卫生
  '01040201': { weight: 0.187, near: ['road', 'arterial'], hours: 'morning', season: 'none' }, // 动物尸体
  '01040202': { weight: 0.28, near: ['residential', 'market', 'river'], hours: 'evening', season: 'summer' }, // 蚊蝇孳生
  '01040203': { weight: 0.374, near: ['residential', 'market'], hours: 'allday', season: 'summer' }, // 异味扰民
  '01040204': { weight: 0.187, near: ['road', 'park'], hours: 'daytime', season: 'none', componentClasses: ['0402', '0403'] }, // 非装饰性树挂
  '01040205': { weight: 0.093, near: ['arterial', 'road', 'transit'], hours: 'morning', season: 'winter' }, // 积雪结冰未清除
  '01040206': { weight: 0.28, near: ['commercial', 'arterial'], hours: 'daytime', season: 'none' }, // 建筑外立面不洁
  '01040207': { weight: 0.747, near: ['residential', 'road'], hours: 'daytime', season: 'none' }, // 废弃车辆
  '01040208': { weight: 0.374, near: ['residential', 'park'], hours: 'morning', season: 'none' }, // 宠物粪便
  // 02 执法 / Enforcement
  // 020101 违法建设 > 违章建筑
  '02010101': { weight: 2.84, near: ['residential', 'construction'], hours: 'daytime', season: 'none' }, // 违法新建建筑
  '02010102': { weight: 2.84, near: ['residential'], hours: 'daytime', season: 'none' }, // 违法加层扩建
  '02010103': { weight: 3.313, near: ['residential', 'commercial'], hours: 'daytime', season: 'none' }, // 屋顶违建
  '02010104': { weight: 1.893, near: ['residential', 'construction'], hours: 'daytime', season: 'none' }, // 在建违建
  // 020102 违法建设 > 违章搭建
  '02010201': { weight: 3.786, near: ['residential', 'market'], hours: 'daytime', season: 'none' }, // 私搭乱建
  '02010202': { weight: 2.366, near: ['residential'], hours: 'daytime', season: 'none' }, // 违章搭建雨棚阳光房
  '02010203': { weight: 1.42, near: ['residential', 'park'], hours: 'daytime', season: 'none' }, // 圈占公共绿地空地
  '02010204': { weight: 0.947, near: ['residential', 'road'], hours: 'daytime', season: 'none' }, // 违规砌筑围墙围栏
  '02010205': { weight: 0.473, near: ['construction', 'commercial'], hours: 'daytime', season: 'none' }, // 临时建筑超期未拆
  '02010206': { weight: 0.284, near: ['residential'], hours: 'daytime', season: 'none' }, // 违规开挖地下室
  // 020103 违法建设 > 擅自改变房屋结构和用途
  '02010301': { weight: 0.947, near: ['residential'], hours: 'daytime', season: 'none' }, // 私自改变房屋结构
  '02010302': { weight: 0.947, near: ['residential', 'commercial', 'arterial'], hours: 'daytime', season: 'none' }, // 破墙开店
  '02010303': { weight: 0.473, near: ['residential', 'commercial'], hours: 'daytime', season: 'none' }, // 住改商
  '02010304': { weight: 0.473, near: ['commercial', 'arterial'], hours: 'daytime', season: 'none' }, // 擅自改变建筑外立面
  // 020201 街面秩序 > 流动经营
  '02020101': { weight: 4.306, near: ['market', 'residential', 'transit'], hours: 'evening', season: 'none' }, // 流动摊贩
  '02020102': { weight: 1.722, near: ['commercial', 'market', 'transit'], hours: 'evening', season: 'none' }, // 无照经营游商
  '02020103': { weight: 1.033, near: ['residential', 'transit', 'school'], hours: 'morning', season: 'none' }, // 早点摊点占道
  '02020104': { weight: 0.861, near: ['school'], hours: 'daytime', season: 'none' }, // 校园周边摊贩
  '02020105': { weight: 0.517, near: ['hospital'], hours: 'daytime', season: 'none' }, // 医院周边摊贩
  '02020106': { weight: 0.861, near: ['residential', 'road', 'market'], hours: 'evening', season: 'summer' }, // 车载流动售卖
  // 020202 街面秩序 > 占道与店外经营
  '02020201': { weight: 3.014, near: ['market', 'commercial', 'residential'], hours: 'evening', season: 'none' }, // 占道经营
  '02020202': { weight: 2.153, near: ['commercial', 'market'], hours: 'evening', season: 'none' }, // 店外经营
  '02020203': { weight: 0.861, near: ['commercial', 'residential'], hours: 'night', season: 'summer' }, // 夜市摊点
  '02020204': { weight: 0.689, near: ['market', 'residential'], hours: 'morning', season: 'none' }, // 马路市场
  '02020205': { weight: 0.431, near: ['road', 'residential'], hours: 'daytime', season: 'none' }, // 占道洗车修车
  '02020206': { weight: 0.258, near: ['residential', 'market'], hours: 'daytime', season: 'none' }, // 占道废品收购
  '02020207': { weight: 0.258, near: ['market', 'residential'], hours: 'evening', season: 'none', componentClasses: ['0322'] }, // 疏导区外经营
  '02020208': { weight: 1.033, near: ['commercial', 'residential', 'river'], hours: 'night', season: 'summer' }, // 露天烧烤
  // 020203 街面秩序 > 街面环境秩序
  '02020301': { weight: 0.469, near: ['market', 'residential', 'commercial'], hours: 'daytime', season: 'none' }, // 乱堆物堆料
  '02020302': { weight: 0.391, near: ['residential', 'road'], hours: 'daytime', season: 'none' }, // 乱拉乱挂乱晾晒
  '02020303': { weight: 0.156, near: ['commercial', 'transit'], hours: 'daytime', season: 'none', componentClasses: ['0518'] }, // 占压盲道
  '02020304': { weight: 0.235, near: ['residential', 'commercial'], hours: 'daytime', season: 'none' }, // 私设地锁地桩
  '02020305': { weight: 0.469, near: ['commercial', 'residential'], hours: 'evening', season: 'none' }, // 餐饮油烟扰民
  '02020306': { weight: 0.078, near: ['transit', 'commercial'], hours: 'daytime', season: 'winter' }, // 流浪乞讨
  // 020301 宣传广告 > 小广告
  '02030101': { weight: 0.782, near: ['residential', 'transit'], hours: 'morning', season: 'none' }, // 非法小广告
  '02030102': { weight: 0.156, near: ['commercial', 'transit'], hours: 'daytime', season: 'none' }, // 街头散发小广告
  '02030103': { weight: 0.235, near: ['residential', 'road'], hours: 'daytime', season: 'none' }, // 乱涂乱画
  // 020302 宣传广告 > 户外广告与牌匾
  '02030201': { weight: 0.313, near: ['commercial', 'arterial'], hours: 'daytime', season: 'none', componentClasses: ['0315', '0318', '0316'] }, // 违章张贴悬挂广告牌匾
  '02030202': { weight: 0.117, near: ['commercial'], hours: 'daytime', season: 'none', componentClasses: ['0315', '0318', '0316'] }, // 广告牌匾破损
  '02030203': { weight: 0.235, near: ['commercial', 'market'], hours: 'daytime', season: 'none' }, // 占道广告牌
  '02030204': { weight: 0.078, near: ['arterial', 'commercial'], hours: 'daytime', season: 'rainy', componentClasses: ['0316', '0317'] }, // 户外广告设施安全隐患
  '02030205': { weight: 0.117, near: ['commercial', 'road'], hours: 'daytime', season: 'festival' }, // 违规悬挂横幅标语
  '02030206': { weight: 0.078, near: ['arterial', 'commercial'], hours: 'daytime', season: 'none' }, // 流动广告车扰民
  // 020401 施工管理 > 施工污染
  '02040101': { weight: 0.391, near: ['construction'], hours: 'daytime', season: 'none' }, // 工地扬尘
  '02040102': { weight: 0.313, near: ['construction', 'arterial', 'road'], hours: 'night', season: 'none' }, // 道路遗撒
  '02040103': { weight: 0.156, near: ['construction', 'road'], hours: 'night', season: 'rainy' }, // 车轮带泥
  '02040104': { weight: 0.117, near: ['construction', 'arterial'], hours: 'night', season: 'none' }, // 渣土车未密闭
  '02040105': { weight: 0.117, near: ['construction'], hours: 'daytime', season: 'none' }, // 施工废弃料
  '02040106': { weight: 0.078, near: ['construction'], hours: 'daytime', season: 'none' }, // 工地未围挡
  // 020402 施工管理 > 施工占道与掘路
  '02040201': { weight: 0.235, near: ['construction', 'road'], hours: 'daytime', season: 'none' }, // 施工占道
  '02040202': { weight: 0.078, near: ['road', 'arterial'], hours: 'night', season: 'none' }, // 无证掘路
  '02040203': { weight: 0.156, near: ['road', 'construction'], hours: 'daytime', season: 'none' }, // 施工后路面未恢复
  // 020501 噪声扰民 > 噪声
  '02050101': { weight: 0.939, near: ['construction', 'residential'], hours: 'night', season: 'summer' }, // 夜间施工噪声
  '02050102': { weight: 0.626, near: ['park', 'residential'], hours: 'night', season: 'summer' }, // 广场舞噪声
  '02050103': { weight: 0.469, near: ['commercial', 'market'], hours: 'night', season: 'none' }, // 商业经营噪声
  '02050104': { weight: 0.313, near: ['residential'], hours: 'night', season: 'none' }, // 社会生活噪声
  '02050105': { weight: 0.235, near: ['arterial', 'road'], hours: 'night', season: 'summer' }, // 机动车改装炸街
  // 020601 停车秩序 > 机动车停放
  '02060101': { weight: 1.173, near: ['commercial', 'residential', 'hospital', 'school'], hours: 'commute', season: 'none' }, // 机动车乱停放
  '02060102': { weight: 0.626, near: ['residential', 'commercial'], hours: 'night', season: 'none' }, // 占用人行道停车
  '02060103': { weight: 0.391, near: ['residential'], hours: 'night', season: 'none' }, // 占用消防通道
  '02060104': { weight: 0.039, near: ['commercial', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0201'] }, // 非法经营停车场
  '02060105': { weight: 0.117, near: ['residential'], hours: 'night', season: 'none', componentClasses: ['0406', '0407'] }, // 占用绿地停车
  // 020602 停车秩序 > 非机动车停放
  '02060201': { weight: 0.469, near: ['transit', 'commercial', 'school'], hours: 'commute', season: 'none', componentClasses: ['0224'] }, // 非机动车乱停放
  '02060202': { weight: 0.235, near: ['transit', 'commercial'], hours: 'commute', season: 'none', componentClasses: ['0225'] }, // 共享单车乱停放
  '02060203': { weight: 0.235, near: ['residential'], hours: 'night', season: 'none' }, // 楼道停放电动车
  // 020701 电动车充电安全 > 违规充电
  '02070101': { weight: 0.548, near: ['residential'], hours: 'night', season: 'none' }, // 电动车飞线充电
  '02070102': { weight: 0.235, near: ['residential'], hours: 'night', season: 'none' }, // 楼道停放充电
  '02070103': { weight: 0.078, near: ['residential'], hours: 'night', season: 'none' }, // 电动车入户充电
  '02070104': { weight: 0.078, near: ['residential'], hours: 'evening', season: 'none' }, // 私拉电线私装插座
  '02070105': { weight: 0.078, near: ['residential'], hours: 'evening', season: 'none', componentClasses: ['0511', '0512'] }, // 充电桩故障
  // 03 市政 / Municipal facilities
  // 030101 道路桥梁 > 道路设施
  '03010101': { weight: 0.235, near: ['road', 'arterial'], hours: 'daytime', season: 'rainy' }, // 路面破损
  '03010102': { weight: 0.196, near: ['road', 'arterial'], hours: 'daytime', season: 'rainy' }, // 路面坑槽
  '03010103': { weight: 0.039, near: ['arterial', 'road'], hours: 'allday', season: 'rainy' }, // 路面塌陷
  '03010104': { weight: 0.196, near: ['commercial', 'residential'], hours: 'daytime', season: 'none' }, // 人行道板破损松动
  '03010105': { weight: 0.063, near: ['road'], hours: 'daytime', season: 'none' }, // 路缘石破损
  '03010106': { weight: 0.039, near: ['commercial', 'transit'], hours: 'daytime', season: 'none', componentClasses: ['0518'] }, // 盲道破损
  '03010107': { weight: 0.055, near: ['arterial', 'road'], hours: 'allday', season: 'none' }, // 道路障碍物
  // 030102 道路桥梁 > 桥梁通道
  '03010201': { weight: 0.016, near: ['river', 'arterial'], hours: 'daytime', season: 'none', componentClasses: ['0210', '0209'] }, // 桥梁损坏
  '03010202': { weight: 0.023, near: ['arterial', 'transit'], hours: 'daytime', season: 'none', componentClasses: ['0207', '0208'] }, // 人行天桥地下通道设施损坏
  '03010203': { weight: 0.023, near: ['river', 'arterial'], hours: 'daytime', season: 'none', componentClasses: ['0210', '0207'] }, // 桥梁护栏损坏
  // 030201 排水设施 > 排水问题
  '03020101': { weight: 0.196, near: ['road', 'arterial', 'river'], hours: 'allday', season: 'rainy', componentClasses: ['0104', '0103'] }, // 道路积水
  '03020102': { weight: 0.141, near: ['residential', 'market'], hours: 'daytime', season: 'rainy', componentClasses: ['0102', '0103'] }, // 下水道堵塞
  '03020103': { weight: 0.094, near: ['residential', 'market'], hours: 'allday', season: 'rainy', componentClasses: ['0102'] }, // 污水冒溢
  '03020104': { weight: 0.078, near: ['road', 'residential'], hours: 'daytime', season: 'rainy', componentClasses: ['0104'] }, // 雨水箅子堵塞缺失
  '03020105': { weight: 0.031, near: ['road', 'residential'], hours: 'daytime', season: 'none' }, // 排水管道破损
  '03020106': { weight: 0.023, near: ['residential', 'commercial', 'river'], hours: 'daytime', season: 'none' }, // 雨污管道混接
  '03020107': { weight: 0.023, near: ['arterial', 'transit'], hours: 'allday', season: 'rainy', componentClasses: ['0515', '0516', '0208'] }, // 下穿通道内涝
  // 030301 井盖设施 > 井盖问题
  '03030101': { weight: 0.063, near: ['road', 'residential'], hours: 'allday', season: 'none', componentClasses: ['0101', '0102', '0103', '0105', '0106', '0107', '0108', '0109', '0110', '0111', '0112'] }, // 井盖缺失
  '03030102': { weight: 0.11, near: ['road', 'arterial'], hours: 'daytime', season: 'none', componentClasses: ['0101', '0102', '0103', '0105', '0106', '0107', '0108', '0109', '0110', '0111', '0112'] }, // 井盖破损
  '03030103': { weight: 0.078, near: ['arterial', 'road'], hours: 'night', season: 'none', componentClasses: ['0101', '0102', '0103', '0105', '0106', '0107', '0108', '0109', '0110', '0111', '0112'] }, // 井盖移位异响
  '03030104': { weight: 0.063, near: ['arterial', 'road'], hours: 'daytime', season: 'none', componentClasses: ['0101', '0102', '0103', '0105', '0106', '0107', '0108', '0109', '0110', '0111', '0112'] }, // 井盖沉陷凸起
  // 030401 照明设施 > 路灯
  '03040101': { weight: 0.274, near: ['road', 'residential', 'arterial'], hours: 'night', season: 'none', componentClasses: ['0501', '0504', '0503'] }, // 路灯不亮
  '03040102': { weight: 0.039, near: ['arterial', 'road'], hours: 'night', season: 'rainy', componentClasses: ['0501', '0509'] }, // 连片路灯不亮
  '03040103': { weight: 0.031, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0501'] }, // 路灯白天亮灯
  '03040104': { weight: 0.031, near: ['road', 'arterial'], hours: 'daytime', season: 'none', componentClasses: ['0501'] }, // 路灯杆倾斜
  '03040105': { weight: 0.031, near: ['road', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0501', '0504'] }, // 灯头灯罩破损
  '03040106': { weight: 0.023, near: ['road', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0501', '0106'] }, // 路灯线缆裸露
  '03040107': { weight: 0.023, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0501'] }, // 路灯检修门缺失
  // 030402 照明设施 > 景观亮化
  '03040201': { weight: 0.039, near: ['park', 'commercial', 'river'], hours: 'night', season: 'festival', componentClasses: ['0502', '0505', '0506', '0508', '0507'] }, // 景观灯不亮
  '03040202': { weight: 0.023, near: ['park', 'commercial'], hours: 'daytime', season: 'none', componentClasses: ['0502', '0505', '0506', '0508', '0507'] }, // 亮化设施破损
  '03040203': { weight: 0.016, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0509'] }, // 照明配电箱破损未锁
  // 030501 交通与公用设施 > 交通设施
  '03050101': { weight: 0.047, near: ['arterial', 'road'], hours: 'daytime', season: 'none', componentClasses: ['0216'] }, // 交通护栏损坏
  '03050102': { weight: 0.031, near: ['road', 'arterial'], hours: 'daytime', season: 'none', componentClasses: ['0212'] }, // 交通标志牌损坏
  '03050103': { weight: 0.031, near: ['arterial'], hours: 'commute', season: 'none', componentClasses: ['0213', '0214'] }, // 交通信号灯故障
  '03050104': { weight: 0.016, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0221'] }, // 路名牌损坏缺失
  '03050105': { weight: 0.031, near: ['road', 'commercial'], hours: 'daytime', season: 'none', componentClasses: ['0217', '0218'] }, // 隔离墩阻车桩损坏
  '03050106': { weight: 0.023, near: ['transit'], hours: 'daytime', season: 'none', componentClasses: ['0204', '0205'] }, // 公交站亭损坏
  // 030502 交通与公用设施 > 公用设施
  '03050201': { weight: 0.117, near: ['residential', 'road'], hours: 'daytime', season: 'none', componentClasses: ['0115'] }, // 架空线缆凌乱垂落
  '03050202': { weight: 0.031, near: ['road', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0114'] }, // 电力设施破损
  '03050203': { weight: 0.023, near: ['road'], hours: 'daytime', season: 'rainy', componentClasses: ['0115'] }, // 电线杆倾斜
  '03050204': { weight: 0.016, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0116'] }, // 通信交接箱破损
  '03050205': { weight: 0.039, near: ['park', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0125'] }, // 健身器材损坏
  '03050206': { weight: 0.016, near: ['arterial'], hours: 'daytime', season: 'none', componentClasses: ['0124'] }, // 监控设施损坏
  '03050207': { weight: 0.016, near: ['transit', 'hospital'], hours: 'daytime', season: 'none', componentClasses: ['0518'] }, // 无障碍设施损坏
  '03050208': { weight: 0.016, near: ['residential'], hours: 'daytime', season: 'none', componentClasses: ['0126'] }, // 宣传栏破损
  // 04 园林 / Landscaping
  // 040101 树木 > 树木养护
  '04010101': { weight: 0.078, near: ['road', 'arterial', 'park'], hours: 'allday', season: 'rainy', componentClasses: ['0402', '0403'] }, // 树木倒伏
  '04010102': { weight: 0.094, near: ['road', 'residential'], hours: 'daytime', season: 'rainy', componentClasses: ['0402', '0403'] }, // 树木断枝枯枝
  '04010103': { weight: 0.039, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0402'] }, // 行道树缺株死亡
  '04010104': { weight: 0.094, near: ['residential', 'road'], hours: 'daytime', season: 'summer', componentClasses: ['0402', '0403'] }, // 树枝遮挡
  '04010105': { weight: 0.039, near: ['road'], hours: 'daytime', season: 'rainy', componentClasses: ['0402', '0403'] }, // 树木倾斜
  '04010106': { weight: 0.039, near: ['road', 'park'], hours: 'daytime', season: 'summer', componentClasses: ['0402', '0403'] }, // 树木病虫害
  '04010107': { weight: 0.031, near: ['residential', 'construction'], hours: 'daytime', season: 'none', componentClasses: ['0402', '0403', '0401'] }, // 擅自砍伐移植树木
  '04010108': { weight: 0.023, near: ['commercial', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0402', '0403'] }, // 树木钉挂刻划
  '04010109': { weight: 0.008, near: ['park'], hours: 'daytime', season: 'none', componentClasses: ['0401'] }, // 古树名木受损
  // 040102 树木 > 护树设施
  '04010201': { weight: 0.031, near: ['road', 'commercial'], hours: 'daytime', season: 'none', componentClasses: ['0404'] }, // 树池箅子缺失破损
  '04010202': { weight: 0.023, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0404'] }, // 护树支撑损坏
  '04010203': { weight: 0.016, near: ['road', 'commercial'], hours: 'daytime', season: 'none', componentClasses: ['0404'] }, // 树穴黄土裸露
  // 040201 绿地 > 绿地养护
  '04020101': { weight: 0.063, near: ['residential', 'road'], hours: 'daytime', season: 'none', componentClasses: ['0406', '0407'] }, // 绿地毁损
  '04020102': { weight: 0.117, near: ['residential', 'park', 'road'], hours: 'daytime', season: 'none', componentClasses: ['0406', '0407'] }, // 绿地脏乱
  '04020103': { weight: 0.031, near: ['park', 'road'], hours: 'daytime', season: 'summer', componentClasses: ['0406'] }, // 草坪枯死黄土裸露
  '04020104': { weight: 0.063, near: ['road', 'residential'], hours: 'daytime', season: 'summer', componentClasses: ['0406', '0407'] }, // 杂草丛生绿篱未修剪
  '04020105': { weight: 0.023, near: ['arterial', 'road'], hours: 'daytime', season: 'none', componentClasses: ['0407'] }, // 绿化带缺株断档
  '04020106': { weight: 0.016, near: ['park', 'road'], hours: 'morning', season: 'summer', componentClasses: ['0415'] }, // 绿化喷灌跑冒滴漏
  // 040202 绿地 > 侵占绿地
  '04020201': { weight: 0.078, near: ['residential', 'river'], hours: 'morning', season: 'none' }, // 毁绿种菜
  '04020202': { weight: 0.023, near: ['park', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0406'] }, // 踩踏绿地
  '04020203': { weight: 0.031, near: ['residential', 'market'], hours: 'daytime', season: 'none', componentClasses: ['0406', '0407'] }, // 绿地内堆物
  '04020204': { weight: 0.023, near: ['residential'], hours: 'daytime', season: 'none', componentClasses: ['0402', '0403', '0406'] }, // 绿地内晾晒搭挂
  // 040301 园林设施 > 设施损坏
  '04030101': { weight: 0.031, near: ['road', 'commercial'], hours: 'daytime', season: 'none', componentClasses: ['0405'] }, // 花坛花钵破损
  '04030102': { weight: 0.031, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0408'] }, // 绿地护栏损坏
  '04030103': { weight: 0.031, near: ['park', 'road'], hours: 'daytime', season: 'none', componentClasses: ['0409'] }, // 街头座椅损坏
  '04030104': { weight: 0.008, near: ['park'], hours: 'daytime', season: 'none', componentClasses: ['0410'] }, // 城市雕塑损坏
  '04030105': { weight: 0.016, near: ['park'], hours: 'daytime', season: 'summer', componentClasses: ['0411'] }, // 喷泉故障水体不洁
  '04030106': { weight: 0.023, near: ['park', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0417'] }, // 儿童游乐设施损坏
  '04030107': { weight: 0.016, near: ['park'], hours: 'daytime', season: 'none', componentClasses: ['0416'] }, // 园林标识牌损坏
  // 040302 园林设施 > 公园管理
  '04030201': { weight: 0.039, near: ['park'], hours: 'evening', season: 'summer', componentClasses: ['0412', '0413'] }, // 公园内游商
  '04030202': { weight: 0.023, near: ['park'], hours: 'daytime', season: 'none', componentClasses: ['0412', '0413'] }, // 公园管理服务投诉
  // 05 燃气 / Gas
  // 050101 燃气管网 > 燃气泄漏
  '05010101': { weight: 0.023, near: ['residential', 'road'], hours: 'allday', season: 'none' }, // 室外燃气管道泄漏
  '05010102': { weight: 0.016, near: ['residential'], hours: 'evening', season: 'winter' }, // 户内燃气泄漏
  '05010103': { weight: 0.023, near: ['residential', 'commercial'], hours: 'allday', season: 'none' }, // 燃气异味
  '05010104': { weight: 0.008, near: ['construction', 'road'], hours: 'daytime', season: 'none' }, // 施工挖断燃气管道
  // 050102 燃气管网 > 燃气设施
  '05010201': { weight: 0.016, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0110'] }, // 燃气井盖缺失破损
  '05010202': { weight: 0.008, near: ['residential'], hours: 'daytime', season: 'none', componentClasses: ['0118'] }, // 燃气调压箱损坏
  '05010203': { weight: 0.016, near: ['residential'], hours: 'daytime', season: 'none' }, // 燃气管道锈蚀老化
  '05010204': { weight: 0.008, near: ['residential', 'market'], hours: 'daytime', season: 'none' }, // 燃气管道被占压
  '05010205': { weight: 0.004, near: ['road'], hours: 'daytime', season: 'none' }, // 燃气标志桩缺失
  '05010206': { weight: 0.008, near: ['road', 'residential'], hours: 'daytime', season: 'none' }, // 燃气施工路面未恢复
  // 050201 燃气供应服务 > 供气服务
  '05020101': { weight: 0.016, near: ['residential'], hours: 'evening', season: 'none' }, // 停气未提前通知
  '05020102': { weight: 0.008, near: ['residential'], hours: 'evening', season: 'winter' }, // 燃气压力不足
  '05020103': { weight: 0.008, near: ['residential'], hours: 'daytime', season: 'none' }, // 燃气开户通气延误
  '05020104': { weight: 0.008, near: ['residential'], hours: 'daytime', season: 'none' }, // 燃气收费争议
  '05020105': { weight: 0.008, near: ['residential'], hours: 'daytime', season: 'none' }, // 燃气表故障
  '05020106': { weight: 0.008, near: ['residential'], hours: 'daytime', season: 'none' }, // 燃气维修不及时
  // 050301 燃气安全 > 安全隐患
  '05030101': { weight: 0.016, near: ['commercial', 'market'], hours: 'evening', season: 'none' }, // 餐饮场所燃气隐患
  '05030102': { weight: 0.016, near: ['commercial', 'market'], hours: 'evening', season: 'none' }, // 违规使用液化气瓶
  '05030103': { weight: 0.008, near: ['market', 'residential'], hours: 'daytime', season: 'none' }, // 非法储存销售液化气
  '05030104': { weight: 0.008, near: ['residential', 'commercial'], hours: 'daytime', season: 'none' }, // 燃气软管老化超期
  '05030105': { weight: 0.008, near: ['residential', 'commercial'], hours: 'daytime', season: 'none' }, // 私自改装燃气设施
  '05030106': { weight: 0.008, near: ['commercial'], hours: 'daytime', season: 'none' }, // 未安装燃气报警器
  '05030107': { weight: 0.008, near: ['market', 'commercial'], hours: 'morning', season: 'none' }, // 瓶装气违规配送
  // 06 供热供水 / Heating and water supply
  // 060101 供水 > 供水管网
  '06010101': { weight: 0.039, near: ['road', 'residential', 'arterial'], hours: 'allday', season: 'winter', componentClasses: ['0101'] }, // 自来水管破裂
  '06010102': { weight: 0.047, near: ['road', 'residential'], hours: 'daytime', season: 'none', componentClasses: ['0101'] }, // 供水管道漏水
  '06010103': { weight: 0.016, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0101'] }, // 上水井盖缺失破损
  '06010104': { weight: 0.016, near: ['residential', 'road'], hours: 'daytime', season: 'none', componentClasses: ['0101'] }, // 阀门井水表井损坏
  '06010105': { weight: 0.016, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0113'] }, // 消防栓损坏漏水
  '06010106': { weight: 0.008, near: ['construction', 'market'], hours: 'daytime', season: 'none', componentClasses: ['0113'] }, // 私接偷用自来水
  '06010107': { weight: 0.008, near: ['road', 'residential'], hours: 'daytime', season: 'none' }, // 供水施工路面未恢复
  // 060102 供水 > 供水服务
  '06010201': { weight: 0.039, near: ['residential'], hours: 'morning', season: 'summer' }, // 停水
  '06010202': { weight: 0.023, near: ['residential'], hours: 'morning', season: 'none' }, // 停水未提前通知
  '06010203': { weight: 0.023, near: ['residential'], hours: 'morning', season: 'summer' }, // 水压不足
  '06010204': { weight: 0.016, near: ['residential'], hours: 'morning', season: 'rainy' }, // 水质浑浊异味
  '06010205': { weight: 0.008, near: ['residential'], hours: 'daytime', season: 'none' }, // 二次供水设施不洁
  '06010206': { weight: 0.008, near: ['residential'], hours: 'daytime', season: 'none' }, // 水表故障抄表收费
  // 060201 供热 > 供热管网
  '06020101': { weight: 0.008, near: ['residential', 'road'], hours: 'allday', season: 'winter', componentClasses: ['0109'] }, // 供热管道泄漏
  '06020102': { weight: 0.004, near: ['road'], hours: 'daytime', season: 'none', componentClasses: ['0109'] }, // 热力井盖缺失破损
  '06020103': { weight: 0.004, near: ['road'], hours: 'morning', season: 'winter', componentClasses: ['0109'] }, // 热力井冒汽
  // 060202 供热 > 供热服务
  '06020201': { weight: 0.016, near: ['residential'], hours: 'night', season: 'winter' }, // 供热中断
  '06020202': { weight: 0.012, near: ['residential'], hours: 'night', season: 'winter' }, // 室温不达标
  '06020203': { weight: 0.008, near: ['residential'], hours: 'daytime', season: 'winter' }, // 暖气片漏水
  '06020204': { weight: 0.008, near: ['residential'], hours: 'allday', season: 'winter' }, // 未按时供热
  '06020205': { weight: 0.004, near: ['residential'], hours: 'daytime', season: 'winter' }, // 供热收费争议
  '06020206': { weight: 0.004, near: ['residential'], hours: 'night', season: 'winter' }, // 换热站噪声扰民
};
