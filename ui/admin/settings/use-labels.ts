import { useEffect, useState } from 'preact/hooks';
import { loadSchema } from './settings-data.js';

/** The registry labels of settings a message names (e.g. "SIP T1" for sip.t1); the schema is fetched once per page load. */
export function useLabels(keys: readonly string[] | undefined): (key: string) => string {
  const [labels, setLabels] = useState(new Map<string, string>());
  const wanted = (keys ?? []).join(',');
  useEffect(() => {
    if (!wanted) return;
    loadSchema().then(
      (s) => setLabels(new Map(s.settings.map((e) => [e.key, e.label]))),
      () => undefined,
    );
  }, [wanted]);
  return (key) => labels.get(key) ?? key;
}
