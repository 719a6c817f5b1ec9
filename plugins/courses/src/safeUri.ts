/*
 * Course Markdown is written by course authors but read by everyone, so its
 * links and images are limited to schemes that cannot run code. Browsers
 * ignore tabs, newlines and other control characters inside a scheme
 * (`java\tscript:`), so the scheme is read without them.
 */

const LINK_SCHEMES = ['http', 'https', 'mailto'];
const IMAGE_SCHEMES = ['http', 'https'];

function schemeOf(uri: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const compact = uri.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const colon = compact.indexOf(':');
  if (colon === -1) {
    return undefined;
  }
  // A colon after the first '/', '?' or '#' is part of a relative URL.
  const firstDelimiter = compact.search(/[/?#]/);
  if (firstDelimiter !== -1 && firstDelimiter < colon) {
    return undefined;
  }
  return compact.slice(0, colon).toLocaleLowerCase('en-US');
}

function allowing(schemes: string[]) {
  return (uri: string): string => {
    const scheme = schemeOf(uri);
    return scheme === undefined || schemes.includes(scheme) ? uri : '';
  };
}

/**
 * The link as written when it is relative or http(s)/mailto; otherwise
 * empty, which MarkdownContent renders as the link's text without a link.
 */
export const safeLinkUri = allowing(LINK_SCHEMES);

/** The image source when it is relative or http(s); otherwise empty. */
export const safeImageUri = allowing(IMAGE_SCHEMES);
