'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/** A native modal <dialog>: focus is trapped, Escape closes it, the page behind is inert. */
export function Modal(props: {
  labelledBy: string;
  describedBy?: string;
  onClose: () => void;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={props.className ? `modal ${props.className}` : 'modal'}
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {props.children}
    </dialog>
  );
}
