// The grid chief's view, Chinese and English.
import { addMessages } from '../i18n/index.ts';

const zh = {
  title: '我的网格',
  pickGrid: '选择网格',
  noGrid: '此账号没有负责的网格。',
  showMap: '显示地图',
  hideMap: '收起地图',
  tabs: { cases: '案件', team: '队伍', components: '部件', units: '子网格与街区' },
  summary: '在办案件 {{open}} 件，超期 {{overdue}} 件',
  overdueCount: '超期 {{count}}',
  openCases: '在办案件',
  noCases: '没有在办案件',
  openWhistles: '待报到的吹哨',
  whistleDue: '应于 {{at}} 前报到',
  team: {
    complete: '队伍齐全（{{filled}}/{{required}}）',
    incomplete: '队伍缺员（{{filled}}/{{required}}）：{{empty}}',
    vacant: '空缺',
    subgrids: '子网格长与成员',
    blocks: '街区长与环境长',
    blockChief: '街区长',
    envChief: '环境长',
  },
  components: { title: '部件状态', total: '合计 {{count}}', status: { intact: '完好', damaged: '损坏', missing: '丢失', occupied: '占用' } },
  units: { subgrids: '子网格（{{count}}）', blocks: '街区（{{count}}）', households: '{{count}} 户' },
  legend: { overdue: '超期', soon: '2 小时内到期', ok: '时限内', none: '无时限' },
};

const en: typeof zh = {
  title: 'My grid',
  pickGrid: 'Grid',
  noGrid: 'This account is responsible for no grid.',
  showMap: 'Show map',
  hideMap: 'Hide map',
  tabs: { cases: 'Cases', team: 'Team', components: 'Components', units: 'Sub-grids & blocks' },
  summary: '{{open}} open cases, {{overdue}} overdue',
  overdueCount: '{{count}} overdue',
  openCases: 'Open cases',
  noCases: 'No open cases',
  openWhistles: 'Whistles waiting for a report',
  whistleDue: 'report by {{at}}',
  team: {
    complete: 'Team complete ({{filled}}/{{required}})',
    incomplete: 'Team incomplete ({{filled}}/{{required}}): {{empty}}',
    vacant: 'vacant',
    subgrids: 'Sub-grid chiefs and members',
    blocks: 'Block chiefs and environment chiefs',
    blockChief: 'Block chief',
    envChief: 'Environment chief',
  },
  components: { title: 'Components by status', total: '{{count}} in all', status: { intact: 'Intact', damaged: 'Damaged', missing: 'Missing', occupied: 'Occupied' } },
  units: { subgrids: 'Sub-grids ({{count}})', blocks: 'Street blocks ({{count}})', households: '{{count}} households' },
  legend: { overdue: 'Overdue', soon: 'Due within 2 h', ok: 'On time', none: 'No deadline' },
};

addMessages('mygrid', zh, en);
