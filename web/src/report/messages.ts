// The residents' report page and the staff's poster page, Chinese and English.
import { addMessages } from '../i18n/index.ts';

const zh = {
  title: '反映问题',
  place: { community: '所在社区', grid: '所在网格', unknown: '没有找到二维码上的社区或网格（{{code}}）。您仍可在地图上选位置后提交。', none: '没有二维码上的社区编码。您仍可在地图上选位置后提交。', loading: '正在读取二维码…' },
  step: { type: '1. 遇到了什么问题？', where: '2. 在哪里？', photos: '3. 拍照（可选，最多 {{n}} 张）', describe: '4. 说说情况（可选）', contact: '联系方式（可选，仅工作人员可见）' },
  where: { needPin: '请在地图上点出问题所在的位置。', myPosition: '使用我的位置', locating: '正在定位…', hint: '点地图可以移动图钉。', atCentre: '图钉在社区中心，请移到问题所在的位置。', atMe: '图钉在您的位置。', atTap: '图钉在您点的位置。' },
  geo: {
    denied: '无法获取您的位置：定位权限被拒绝。请在地图上点出问题所在的位置。',
    unavailable: '暂时无法定位（{{message}}）。请在地图上点出问题所在的位置。',
    unsupported: '此浏览器不支持定位。请在地图上点出问题所在的位置。',
  },
  photos: { add: '添加照片', remove: '删除', shrinking: '正在压缩照片…', full: '最多 {{n}} 张照片', failed: '这张照片无法读取：{{message}}', size: '{{kb}} KB' },
  describePlaceholder: '例如：小区门口的垃圾已经堆了三天',
  name: '称呼',
  phone: '手机号',
  submit: '提交',
  submitting: '正在提交…',
  chooseType: '请先选择问题类型。',
  errors: {
    rateLimited: '提交太频繁了，请 {{min}} 分钟后再试。',
    outside: '所选位置不在本市管理范围内，请把图钉移到问题所在的位置。',
    tooLarge: '照片太大，请删掉一张再试。',
    invalid: '填写的内容有误：{{message}}',
    failed: '提交失败：{{message}}',
  },
  done: {
    title: '已收到您的反映',
    code: '查询码',
    keep: '请记下或截图保存查询码，凭它查看处理进度和评价。',
    follow: '查看处理进度',
    another: '再反映一个问题',
  },
};

const en: typeof zh = {
  title: 'Report a problem',
  place: { community: 'Community', grid: 'Grid', unknown: 'The community or grid of this QR code ({{code}}) was not found. You can still pick the place on the map and send.', none: 'This link names no community. You can still pick the place on the map and send.', loading: 'Reading the QR code…' },
  step: { type: '1. What is the problem?', where: '2. Where is it?', photos: '3. Photos (optional, up to {{n}})', describe: '4. Tell us more (optional)', contact: 'Your contact (optional, seen by staff only)' },
  where: { needPin: 'Tap the map where the problem is.', myPosition: 'Use my position', locating: 'Finding your position…', hint: 'Tap the map to move the pin.', atCentre: 'The pin is at the centre of the community: move it to where the problem is.', atMe: 'The pin is at your position.', atTap: 'The pin is where you tapped.' },
  geo: {
    denied: 'Your position is not available: location permission was refused. Tap the map where the problem is.',
    unavailable: 'Your position is not available right now ({{message}}). Tap the map where the problem is.',
    unsupported: 'This browser cannot give your position. Tap the map where the problem is.',
  },
  photos: { add: 'Add a photo', remove: 'Remove', shrinking: 'Shrinking the photo…', full: 'Up to {{n}} photos', failed: 'This photo cannot be read: {{message}}', size: '{{kb}} KB' },
  describePlaceholder: 'e.g. rubbish has been piled at the gate for three days',
  name: 'Name',
  phone: 'Mobile number',
  submit: 'Send',
  submitting: 'Sending…',
  chooseType: 'Choose the kind of problem first.',
  errors: {
    rateLimited: 'Too many reports from here: try again in {{min}} minutes.',
    outside: 'The pin is outside the area the city looks after: move it to where the problem is.',
    tooLarge: 'The photos are too large: remove one and try again.',
    invalid: 'Something is not right: {{message}}',
    failed: 'Sending failed: {{message}}',
  },
  done: {
    title: 'We have your report',
    code: 'Tracking code',
    keep: 'Write down or screenshot the tracking code: it shows how your report is handled and lets you rate it.',
    follow: 'Follow it',
    another: 'Report another problem',
  },
};

addMessages('report', zh, en);

const postersZh = {
  title: '扫码反映二维码海报',
  street: '街道',
  city: '全市',
  kind: { all: '社区和网格', community: '社区', grid: '网格' },
  print: '打印',
  count: '共 {{n}} 张海报（A4，每张一页）',
  download: '下载 SVG',
  open: '打开上报页',
  base: '二维码地址：{{url}}/report?c=…',
  loading: '正在生成海报…',
  failed: '读取失败：{{message}}',
};
const postersEn: typeof postersZh = {
  title: 'QR posters: scan to report',
  street: 'Street office',
  city: 'Whole city',
  kind: { all: 'Communities and grids', community: 'Communities', grid: 'Grids' },
  print: 'Print',
  count: '{{n}} posters (A4, one per page)',
  download: 'Download SVG',
  open: 'Open the report page',
  base: 'QR link: {{url}}/report?c=…',
  loading: 'Making the posters…',
  failed: 'Loading failed: {{message}}',
};
addMessages('posters', postersZh, postersEn);
