import { Parser } from 'htmlparser2';
import { LineCounter, type ParsedRecord, type RecordParser } from './record-parser.js';

/**
 * The Netscape bookmark file, as browsers (Firefox, Chrome, Safari, Edge) and linkding,
 * Pinboard, Shaarli, Raindrop and Karakeep write it:
 *
 *     <DL><p>
 *       <DT><H3 ADD_DATE="…">Folder</H3>
 *       <DL><p>
 *         <DT><A HREF="https://…" ADD_DATE="1700000000" TAGS="a,b">Title</A>
 *         <DD>A note, up to the next entry
 *       </DL><p>
 *     </DL><p>
 *
 * Almost nothing is closed (`<DT>`, `<DD>`, `<p>` never are, `</A>` sometimes not), so this
 * reads the stream of tags with htmlparser2 rather than a tree: a `<DL>` opens the folder
 * whose `<H3>` came just before it and `</DL>` closes it; a bookmark is an `<A>` with what
 * follows it up to the next entry. Entities are decoded; the browser's own roots (the toolbar,
 * "Other bookmarks", marked so in the file) are not folders of the editor's and give no tag.
 */

type Folder = { name: string; root: boolean } | null;
type Pending = ParsedRecord & { tags: string[]; titleParts: string[]; noteParts: string[] };

/** Tags that end whatever text was being read: the next entry or list begins or ends. */
const STRUCTURE = new Set(['dt', 'dd', 'dl', 'h1', 'h2', 'h3', 'a', 'hr']);

export function netscapeParser(emit: (record: ParsedRecord) => void): RecordParser {
  const lines = new LineCounter();
  const folders: Folder[] = [];
  let folderBefore: Folder = null;
  let heading: { parts: string[]; root: boolean } | null = null;
  let pending: Pending | null = null;
  let reading: 'title' | 'note' | 'heading' | null = null;

  const flush = () => {
    if (!pending) return;
    const { titleParts, noteParts, ...record } = pending;
    // linkding writes a bookmark's notes after its description, between markers.
    const note = noteParts.length > 0 ? noteParts.join('').replace(/\[linkding-notes\]([\s\S]*?)\[\/linkding-notes\]/g, '\n\n$1') : undefined;
    emit({ ...record, title: titleParts.join(''), note });
    pending = null;
  };
  const endHeading = () => {
    if (!heading) return;
    folderBefore = { name: heading.parts.join('').replace(/\s+/g, ' ').trim(), root: heading.root };
    heading = null;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (STRUCTURE.has(name)) {
          if (reading === 'heading') endHeading();
          reading = null;
        }
        switch (name) {
          case 'a': {
            flush();
            folderBefore = null; // a folder with no list of its own
            const tags = (attribs.tags ?? '').split(',');
            for (const folder of folders) if (folder && !folder.root && folder.name !== '') tags.push(folder.name);
            pending = {
              line: lines.lineAt(parser.startIndex),
              url: attribs.href,
              date: attribs.add_date,
              tags,
              titleParts: [],
              noteParts: [],
            };
            reading = 'title';
            break;
          }
          case 'dd':
            if (pending && pending.noteParts.length === 0) reading = 'note';
            break;
          case 'h3':
            flush();
            heading = { parts: [], root: attribs.personal_toolbar_folder === 'true' || attribs.unfiled_bookmarks_folder === 'true' };
            reading = 'heading';
            break;
          case 'dl':
            flush();
            folders.push(folderBefore);
            folderBefore = null;
            break;
          case 'br':
          case 'p':
            if (reading === 'note' && pending) pending.noteParts.push('\n');
            break;
        }
      },
      ontext(text) {
        if (reading === 'title') pending?.titleParts.push(text);
        else if (reading === 'note') pending?.noteParts.push(text);
        else if (reading === 'heading') heading?.parts.push(text);
      },
      onclosetag(name) {
        if (name === 'a' && reading === 'title') reading = null;
        else if (name === 'h3' && reading === 'heading') {
          endHeading();
          reading = null;
        } else if (name === 'dl') {
          flush();
          reading = null;
          folders.pop();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  return {
    write(text) {
      lines.push(text);
      parser.write(text);
    },
    end() {
      parser.end();
      flush();
    },
  };
}
