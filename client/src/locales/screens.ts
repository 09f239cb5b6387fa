// The courtroom screens' strings (walk-through fixes: banners, lobby badge, video names, errors by
// code), spread into vi.ts and en.ts. Vietnamese first; English must cover every key.

export const screensVi = {
  'courtroom.recessBannerBench': 'Phiên tòa đang tạm ngừng — tiếp tục khi sẵn sàng.',
  'courtroom.lobbyBadge': '{count} người đang chờ',
  'courtroom.lobbyBadgeTitle': 'Có người đang chờ trong phòng chờ: mở danh sách phòng chờ',
  'courtroom.videoName': '{name} — {role}, {source}',
  'courtroom.source.camera': 'camera',
  'courtroom.source.screen': 'màn hình chia sẻ',
  'courtroom.source.self': 'camera của bạn',
  'equipment.previewName': 'Hình xem trước từ camera của bạn',

  'panel.cameraOff': 'Tắt camera',
  'panel.cameraOn': 'Cho bật camera',
  'panel.forcedVideoOff': 'camera bị tắt',

  'end.denied.noReason': 'Thẩm phán không nêu lý do.',
  'end.ended.link': 'Đường dẫn này thuộc về một phiên tòa đã kết thúc; không thể vào phiên tòa nữa.',

  'error.detail': 'Chi tiết: {message}',
  'error.code.invalid_input': 'Thông tin nhập vào không hợp lệ.',
  'error.code.unauthorized': 'Đường dẫn hoặc phiên đăng nhập không còn hiệu lực.',
  'error.code.forbidden': 'Bạn không có quyền thực hiện việc này.',
  'error.code.not_found': 'Không tìm thấy thông tin được yêu cầu.',
  'error.code.invalid_state': 'Không thể thực hiện việc này ở giai đoạn hiện tại của phiên tòa.',
  'error.code.conflict': 'Việc này mâu thuẫn với một thao tác khác vừa được thực hiện. Vui lòng tải lại và thử lại.',
  'error.code.quota_exceeded': 'Đã vượt quá giới hạn cho phép.',
  'error.code.unavailable': 'Máy chủ tạm thời không đáp ứng được. Bộ phận kỹ thuật đã được cảnh báo; vui lòng thử lại sau ít phút.',
  'error.code.rate_limited': 'Có quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau giây lát.',
  'error.code.moved': 'Phiên tòa đang được phục vụ ở một máy chủ khác và không thể chuyển kết nối sang đó. Vui lòng tải lại trang.',
  'error.code.internal': 'Máy chủ gặp lỗi. Vui lòng thử lại.',
} as const satisfies Record<string, string>;

export const screensEn: Record<keyof typeof screensVi, string> = {
  'courtroom.recessBannerBench': 'The hearing is suspended — resume when ready.',
  'courtroom.lobbyBadge': '{count} waiting',
  'courtroom.lobbyBadgeTitle': 'Someone is in the waiting room: open the waiting list',
  'courtroom.videoName': '{name} — {role}, {source}',
  'courtroom.source.camera': 'camera',
  'courtroom.source.screen': 'shared screen',
  'courtroom.source.self': 'your camera',
  'equipment.previewName': 'Preview of your camera',

  'panel.cameraOff': 'Camera off',
  'panel.cameraOn': 'Allow camera',
  'panel.forcedVideoOff': 'camera off',

  'end.denied.noReason': 'The judge gave no reason.',
  'end.ended.link': 'This link belongs to a hearing that has ended; it can no longer be joined.',

  'error.detail': 'Details: {message}',
  'error.code.invalid_input': 'The information entered is not valid.',
  'error.code.unauthorized': 'The link or sign-in is no longer valid.',
  'error.code.forbidden': 'You are not allowed to do this.',
  'error.code.not_found': 'What was asked for could not be found.',
  'error.code.invalid_state': 'This cannot be done at the current stage of the hearing.',
  'error.code.conflict': 'This conflicts with another change just made. Reload and try again.',
  'error.code.quota_exceeded': 'The allowed limit has been exceeded.',
  'error.code.unavailable': 'The server cannot do this right now. Technical staff have been alerted; try again in a few minutes.',
  'error.code.rate_limited': 'Too many requests in a short time. Try again in a moment.',
  'error.code.moved': 'The hearing is served by another server and the connection could not be moved there. Reload the page.',
  'error.code.internal': 'The server ran into an error. Please try again.',
};
