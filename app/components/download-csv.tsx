/**
 * The way to a list's CSV download, with the filters the page shows. A plain link, as the file
 * is not a page: the browser saves it.
 */
export function DownloadCsv({ href, what }: { href: string; what: string }) {
  return (
    <p className="download-csv">
      <a href={href} className="button button-secondary button-small" download>
        Download CSV
      </a>
      <span className="small muted">{what}</span>
    </p>
  );
}
