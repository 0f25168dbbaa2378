/** RFC 4180 CSV for analysts' spreadsheets: a header row, CRLF line ends, fields quoted only when they must be. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  // A leading = + - @ would make a spreadsheet evaluate the cell; region codes and numbers never need it quoted.
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
