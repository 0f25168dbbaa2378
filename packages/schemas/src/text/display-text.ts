/**
 * C0 and C1 control characters, DEL, and the Unicode format characters that
 * reorder or hide text (bidi overrides and isolates, zero-width joiners are
 * kept: they shape scripts). ESC (U+001B) and CSI (U+009B) start terminal
 * escape sequences: a publisher's summary with `\u001b]0;…` would retitle the
 * operator's window or clear the screen.
 */
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from publishers made safe to show on a terminal or send to chat:
 * control characters removed (an escape sequence's printable remainder stays
 * visible, which shows that something was there), and — unless `multiline` —
 * line breaks and tabs folded into single spaces.
 */
export function displayText(text: string, options: { readonly multiline?: boolean } = {}): string {
  const stripped = text.replace(controlCharacters, '');
  return options.multiline === true ? stripped.replace(/\r\n?/g, '\n') : stripped.replace(/[\t\n\r]+/g, ' ');
}
