// Chinese, the default language: the messages every view shares.
export const zh = {
  app: { title: '网格城市', subtitle: '城市管理进社区' },
  lang: { switch: 'English', label: '语言' },
  nav: { planner: '网格规划', team: '队伍配置', wall: '指挥大屏', myGrid: '我的网格', public: '便民地图', planning: '选址规划', field: '现场上报', verify: '智能发现核实', report: '反映问题', track: '查看进度', posters: '二维码海报', signOut: '退出' },
  roles: { admin: '管理员', planner: '网格规划员', command: '指挥中心', officer: '城管队员', grid_chief: '网格长', public: '公众' },
  login: {
    title: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    failed: '登录失败：{{message}}',
    demo: '演示账号（密码 {{password}}）',
    publicMap: '不登录，查看便民地图',
  },
  map: {
    layers: '图层',
    legend: '图例',
    search: '搜索网格编码或名称',
    noResults: '没有匹配的网格',
    layer: { grids: '网格', subgrids: '子网格', blocks: '街区', components: '城市部件', cases: '案件', service_points: '便民设施' },
    loading: '地图加载中…',
  },
  common: {
    save: '保存',
    cancel: '取消',
    close: '关闭',
    reload: '重新加载',
    loading: '加载中…',
    error: '出错了：{{message}}',
    retry: '重试',
    none: '无',
    yes: '是',
    no: '否',
  },
  units: { grid: '网格', subgrid: '子网格', block: '街区' },
  errors: {
    notAllowed: '此账号不能使用该页面。',
    boundary: '页面出错，请重新加载。',
    sessionEnded: '登录已过期，请重新登录。',
  },
};
export type Messages = typeof zh;
