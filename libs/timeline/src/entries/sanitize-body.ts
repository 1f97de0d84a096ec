import {
  BODY_ALLOW_LIST,
  BODY_ATTRIBUTE_VALUES,
  BODY_DROPPED_WITH_CONTENT,
  BODY_TAG_RENAMES,
  allowedUrl,
  fixedAttributes,
  plainText as textOf,
  stripControls,
} from '@liveline/contracts';
import sanitizeHtml from 'sanitize-html';

// sanitize-html options derived from the one allow-list in @liveline/contracts (which the
// newsroom editor's cleaner also follows). Disallowed script-like tags go with their content;
// other unknown tags are unwrapped.
function optionsFrom(): sanitizeHtml.IOptions {
  const allowedAttributes: Record<string, sanitizeHtml.AllowedAttribute[]> = {};
  const allowedSchemesByTag: Record<string, string[]> = {};
  const urlAttributes = new Set<string>();
  for (const [tag, rule] of Object.entries(BODY_ALLOW_LIST)) {
    const names = [...(rule.attributes ?? []), ...Object.keys(rule.urls ?? {})];
    allowedAttributes[tag] = names.map((name) => {
      const values = BODY_ATTRIBUTE_VALUES[name];
      return values ? { name, multiple: false, values: [...values] } : name;
    });
    // sanitize-html's own scheme check stays as a second guard; isAllowedUrl (below) is the rule.
    const schemes = new Set(Object.values(rule.urls ?? {}).flat());
    schemes.delete('relative');
    if (rule.urls) allowedSchemesByTag[tag] = [...schemes];
    for (const name of Object.keys(rule.urls ?? {})) urlAttributes.add(name);
  }
  const transformTags: Record<string, string | sanitizeHtml.Transformer> = { ...BODY_TAG_RENAMES };
  for (const [tag, rule] of Object.entries(BODY_ALLOW_LIST)) {
    transformTags[tag] = (tagName, attribs) => {
      const kept: Record<string, string> = { ...attribs };
      for (const name of Object.keys(rule.urls ?? {})) {
        if (kept[name] !== undefined && allowedUrl(tagName, name, kept[name]) === null) delete kept[name];
      }
      return { tagName, attribs: fixedAttributes(tagName, kept) };
    };
  }
  return {
    allowedTags: Object.keys(BODY_ALLOW_LIST).concat(Object.keys(BODY_TAG_RENAMES)),
    allowedAttributes,
    allowedSchemes: [],
    allowedSchemesByTag,
    allowedSchemesAppliedToAttributes: [...urlAttributes],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: [...BODY_DROPPED_WITH_CONTENT],
    selfClosing: Object.keys(BODY_ALLOW_LIST).filter((tag) => BODY_ALLOW_LIST[tag].empty),
    enforceHtmlBoundary: false,
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
    transformTags,
    exclusiveFilter: (frame) => {
      const required = BODY_ALLOW_LIST[frame.tag]?.requires;
      return required !== undefined && !frame.attribs[required];
    },
  };
}

const OPTIONS = optionsFrom();

export function sanitizeBody(html: string): string {
  let clean = sanitizeHtml(stripControls(html), OPTIONS);
  // Re-sanitize until stable: output that changes when parsed again is a mutation-XSS vector.
  for (let i = 0; i < 3; i++) {
    const again = sanitizeHtml(clean, OPTIONS);
    if (again === clean) return clean;
    clean = again;
  }
  return sanitizeHtml(clean, { allowedTags: [], allowedAttributes: {} });
}

/** Headlines are plain text: tags removed, entities decoded, whitespace folded. */
export const plainText = textOf;
