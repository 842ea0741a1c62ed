import { API_BASE } from '../../api/client.js';
import { useT } from '../../store/selectors.js';

export interface Reject {
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

/** An import's rejected rows (the first 100) and the download of all of them. */
export function RejectsTable({ importId, rejects }: { importId: string; rejects: Reject[] }) {
  const t = useT();
  return (
    <>
      <a href={`${API_BASE}/imports/${importId}/rejects.csv`} download>
        {t('imp_rejects_csv')}
      </a>
      <table className="rejects">
        <thead>
          <tr>
            <th scope="col">{t('imp_line_col')}</th>
            <th scope="col">{t('imp_column')}</th>
            <th scope="col">{t('imp_value')}</th>
            <th scope="col">{t('imp_reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rejects.map((r, i) => (
            <tr key={i}>
              <td className="num">{r.line}</td>
              <td>{r.column === '*' ? t('imp_whole_row') : r.column}</td>
              <td>{r.value ?? '—'}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
