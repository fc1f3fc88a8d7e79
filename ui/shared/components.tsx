import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Small building blocks shared by the management pages (and later the phone face). */

export function Card(props: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; padded?: boolean; id?: string }) {
  return (
    <section class="card" id={props.id}>
      {props.title !== undefined || props.actions !== undefined ? (
        <div class="card-head">
          <h2>{props.title}</h2>
          {props.actions ? <div class="row">{props.actions}</div> : null}
        </div>
      ) : null}
      <div class={props.padded ? 'card-body padded' : 'card-body'}>{props.children}</div>
    </section>
  );
}

export type BannerKind = 'warn' | 'error' | 'ok' | 'info';

export function Banner(props: { kind: BannerKind; children: ComponentChildren; testId?: string }) {
  return (
    <div class={`banner banner-${props.kind}`} role={props.kind === 'error' || props.kind === 'warn' ? 'alert' : 'status'} data-testid={props.testId}>
      {props.children}
    </div>
  );
}

export function Badge(props: { kind: 'reboot' | 'host' | 'ok' | 'bad' | 'idle'; title?: string; children: ComponentChildren }) {
  return (
    <span class={`badge badge-${props.kind}`} title={props.title}>
      {props.children}
    </span>
  );
}

/** A modal dialog (the native <dialog>: focus trap and Escape for free). */
export function Modal(props: { title: string; open: boolean; onClose: () => void; children: ComponentChildren; footer?: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} class="modal" onClose={props.onClose} onCancel={props.onClose}>
      <div class="modal-head">
        <h2>{props.title}</h2>
        <button type="button" class="btn btn-link" aria-label="Close" onClick={props.onClose}>
          ✕
        </button>
      </div>
      <div class="modal-body">{props.children}</div>
      {props.footer ? <div class="modal-foot">{props.footer}</div> : null}
    </dialog>
  );
}

/** A button that asks first (delete, delete all, factory reset, reboot). */
export function ConfirmButton(props: { label: string; question: string; onConfirm: () => void; danger?: boolean; small?: boolean; disabled?: boolean; testId?: string }) {
  const cls = ['btn', props.danger ? 'btn-danger' : '', props.small ? 'btn-small' : ''].filter(Boolean).join(' ');
  return (
    <button
      type="button"
      class={cls}
      disabled={props.disabled}
      data-testid={props.testId}
      onClick={() => {
        if (window.confirm(props.question)) props.onConfirm();
      }}
    >
      {props.label}
    </button>
  );
}
