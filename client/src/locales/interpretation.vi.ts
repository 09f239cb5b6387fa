// The interpretation channel (components/ListenChoice.tsx), in Vietnamese.
export const interpretationVi = {
  'interpretation.listen': 'Nghe',
  'interpretation.floor': 'Âm thanh phòng xử án',
  'interpretation.channel': 'Phiên dịch: {name}',
  'interpretation.note': 'Tiếng phòng xử án được giảm nhỏ khi nghe phiên dịch.',
  'interpretation.from': 'Phiên dịch từ tiếng',
  'interpretation.to': 'Sang tiếng',
  'interpretation.pickLanguage': '— Chọn ngôn ngữ —',
} as const;
