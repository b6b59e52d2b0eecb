/**
 * What reaches a terminal: text from a scenario (names, images, accounts, echoed in summaries and
 * error messages) could carry escape sequences that clear the screen, retitle the window or set
 * the clipboard (OSC 52). Every control character but newline and tab is shown as `?` instead.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, '?');
}
