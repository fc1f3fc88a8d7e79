import { render } from 'preact';

/** The management pages (issue #6, manual §7). */
function Admin() {
  return <main>Sayhi management pages: arriving with issue #6.</main>;
}

render(<Admin />, document.getElementById('app')!);
