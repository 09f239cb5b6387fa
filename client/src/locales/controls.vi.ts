// Safe controls (confirmations with reasons, mute all, camera off, screen-share permission), in
// Vietnamese: spread into vi.ts. controls.en.ts must give the same keys (the type checker enforces it).
export const controlsVi = {
  'safe.reason': 'Lý do',
  'safe.reasonMinutes': 'Lý do được ghi vào biên bản phiên tòa.',
  'safe.reasonShown': 'Người này sẽ thấy lý do; lý do được ghi vào biên bản phiên tòa.',

  'safe.deny.title': 'Từ chối cho {name} vào phiên tòa?',
  'safe.deny.message': 'Đường dẫn mời của người này sẽ hết hiệu lực; họ không thể vào lại bằng đường dẫn đó.',
  'safe.deny.reason': 'Lý do từ chối',
  'safe.deny.confirm': 'Từ chối',

  'safe.remove.title': 'Buộc {name} rời khỏi phòng xử án?',
  'safe.remove.message': 'Người này bị ngắt khỏi phiên tòa và không thể vào lại bằng đường dẫn cũ.',
  'safe.remove.reason': 'Lý do buộc rời phòng xử án',
  'safe.remove.confirm': 'Buộc rời phòng xử án',

  'safe.leave.title': 'Rời phiên tòa?',
  'safe.leave.message': 'Bạn có thể vào lại bằng cùng đường dẫn.',
  'safe.leave.required': 'Phiên tòa cần có mặt của {role}. Nếu bạn rời đi, Hội đồng xét xử có thể phải tạm ngừng hoặc hoãn phiên tòa.',
  'safe.leave.reason': 'Lý do rời phiên tòa',
  'safe.leave.reasonHint': 'Hội đồng xét xử sẽ thấy lý do; lý do được ghi vào biên bản phiên tòa.',
  'safe.leave.confirm': 'Rời phiên tòa',
  'safe.departed': '{name} ({role}) đã rời phiên tòa. Lý do: {reason}',
  'safe.dismiss': 'Đóng thông báo',

  'safe.muteAll': 'Tắt micrô tất cả',
  'safe.muteAll.title': 'Tắt micrô của tất cả người tham gia?',
  'safe.muteAll.message': 'Trừ Hội đồng xét xử, Thư ký phiên tòa và micrô của phòng xử án. Sau đó có thể cho từng người bật lại micrô.',
  'safe.muteAll.done': 'Đã tắt micrô của {count} người.',

  'safe.screen.allow': 'Cho chia sẻ màn hình',
  'safe.screen.withdraw': 'Thu hồi quyền chia sẻ',
  'safe.screen.allowed': 'được chia sẻ màn hình',

  'safe.retention.shortenTitle': 'Yêu cầu rút ngắn thời hạn lưu trữ?',
  'safe.retention.deleteTitle': 'Yêu cầu xóa bản ghi?',
  'safe.retention.approveTitle': 'Phê duyệt yêu cầu?',
  'safe.retention.refuseTitle': 'Từ chối yêu cầu?',
  'safe.retention.withdrawTitle': 'Rút lại yêu cầu?',
  'safe.retention.reasonAudit': 'Lý do được ghi vào nhật ký kiểm tra của bản ghi.',
} as const satisfies Record<string, string>;
