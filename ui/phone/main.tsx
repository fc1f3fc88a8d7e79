import { render } from 'preact';

/** The phone's face (issue #5): drawn from the device model over a WebSocket. */
function PhoneFace() {
  return <main>Sayhi phone face: arriving with issue #5.</main>;
}

render(<PhoneFace />, document.getElementById('app')!);
