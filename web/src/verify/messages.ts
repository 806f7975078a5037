// The verification queue, Chinese and English.
import { addMessages } from '../i18n/index.ts';

const zh = {
  title: '智能发现核实',
  queue: '待核实 {{count}} 条（置信度 ≥ {{threshold}}）',
  empty: '没有待核实的智能发现',
  confidence: '置信度 {{value}}',
  detections: '{{count}} 次检测',
  seen: '{{first}} 至 {{last}}',
  source: { camera: '固定摄像头', vehicle: '车载摄像头' },
  noImage: '无图像',
  confirm: '确认立案',
  reject: '驳回',
  reason: '驳回原因',
  reasons: { false_alarm: '误报', duplicate: '重复', resolved: '现场已无此问题', outside: '不属城管范围' },
  sendReject: '确认驳回',
  cancel: '取消',
  confirmed: '已立案：案件 {{code}}',
  rejected: '已驳回',
  precision: '各识别模型准确率（近 30 天）',
  precisionCols: { detector: '识别模型', precision: '准确率', confirmed: '确认', rejected: '驳回', open: '待核实' },
  reload: '刷新',
  showOnMap: '在地图上查看',
};

const en: typeof zh = {
  title: 'Verify detections',
  queue: '{{count}} to verify (confidence ≥ {{threshold}})',
  empty: 'Nothing to verify',
  confidence: 'confidence {{value}}',
  detections: '{{count}} detections',
  seen: '{{first}} to {{last}}',
  source: { camera: 'Fixed camera', vehicle: 'Vehicle camera' },
  noImage: 'No image',
  confirm: 'Confirm: register a case',
  reject: 'Reject',
  reason: 'Why rejected',
  reasons: { false_alarm: 'False alarm', duplicate: 'Duplicate', resolved: 'Nothing there now', outside: 'Not urban management' },
  sendReject: 'Reject it',
  cancel: 'Cancel',
  confirmed: 'Registered: case {{code}}',
  rejected: 'Rejected',
  precision: 'Precision per detector (last 30 days)',
  precisionCols: { detector: 'Detector', precision: 'Precision', confirmed: 'Confirmed', rejected: 'Rejected', open: 'Open' },
  reload: 'Reload',
  showOnMap: 'Show on the map',
};

addMessages('verify', zh, en);
