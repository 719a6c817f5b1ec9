import { MarkdownContent } from '@backstage/core-components';
import { safeImageUri, safeLinkUri } from '../../safeUri';

/**
 * Markdown written by course authors, rendered inert. MarkdownContent's GFM
 * dialect passes raw HTML through rehype-sanitize (no scripts, iframes,
 * event handler attributes or styles); links and images are further limited
 * to schemes that cannot run code.
 */
export function CourseMarkdown(props: { content: string }) {
  return (
    <MarkdownContent
      content={props.content}
      dialect="gfm"
      transformLinkUri={safeLinkUri}
      transformImageUri={safeImageUri}
    />
  );
}
