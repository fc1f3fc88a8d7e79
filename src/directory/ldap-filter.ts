/**
 * Building the search filter a phone sends (manual Appendix "LDAP 3.2.1/3.2.2":
 * "The name prefix for search entered by the user is represented by the “%”
 * symbol in the filter"; its examples write it `%s` too, e.g.
 * `(|(cn=%s)(sn=%s))` = "cn or sn starting with the entered prefix").
 *
 * So each placeholder becomes the typed text, escaped per RFC 4515 §3, followed
 * by `*`: an "initial" substring assertion (RFC 4511 §4.5.1.7.2), which is the
 * prefix match the manual describes.
 */

/** The placeholder: `%s` or a bare `%` (both appear in the manual's examples). */
const PLACEHOLDER = /%s?/g;

/**
 * RFC 4515 §3: in an assertion value, NUL, `(`, `)`, `*` and `\` MUST be written as
 * `\` + two hex digits, or typed text would change the filter's structure (a `*`
 * turning an equality into a wildcard, a `)` closing the item early). Everything
 * else, non-ASCII included, stays as UTF-8 (valueencoding allows UTFMB).
 */
export function escapeFilterValue(text: string): string {
  let out = '';
  for (const ch of text) {
    switch (ch) {
      case '\0':
        out += '\\00';
        break;
      case '(':
        out += '\\28';
        break;
      case ')':
        out += '\\29';
        break;
      case '*':
        out += '\\2a';
        break;
      case '\\':
        out += '\\5c';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/**
 * The filter to use when the administrator left it blank: any of the attributes
 * starting with the typed text, e.g. `(|(cn=%)(sn=%))`.
 */
export function defaultFilter(attributes: readonly string[]): string {
  const items = attributes.map((a) => `(${a}=%)`);
  return items.length === 1 ? items[0]! : `(|${items.join('')})`;
}

/**
 * The configured filter with every placeholder replaced by the escaped text and a
 * trailing `*` (prefix match). A template that already puts `*` after the
 * placeholder (`(cn=*%*)`, a "contains" search) gets no second one: `**` is not a
 * valid substring filter. A template without outer parentheses (`cn=%`) is
 * wrapped, since RFC 4515 §3 requires them.
 */
export function fillFilter(template: string, text: string): string {
  const value = escapeFilterValue(text);
  const trimmed = template.trim();
  const filled = trimmed.replace(PLACEHOLDER, (match, offset: number, whole: string) => {
    const next = whole[offset + match.length];
    return next === '*' ? value : `${value}*`;
  });
  return filled.startsWith('(') ? filled : `(${filled})`;
}
