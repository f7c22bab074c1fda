/** Long lists are shown a page at a time: which page a request gets, of how many. */
export interface PageOf {
  /** The page shown: the one asked for, within 1 and the last page. */
  page: number;
  pages: number;
  /** How many rows come before this page. */
  offset: number;
}

export function pageOf(total: number, asked: number, perPage: number): PageOf {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, asked), pages);
  return { page, pages, offset: (page - 1) * perPage };
}
