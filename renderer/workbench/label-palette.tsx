/**
 * The label palette above the reader: one button per label, named by the label and showing its
 * key. Pressing one tags the current text selection (or relabels the selected annotation). The
 * buttons keep the focus in the text when clicked with the mouse, so the selection stays.
 */
import type { Label } from '../../common/domain.js';

export interface LabelPaletteProps {
  labels: readonly Label[];
  onApply: (labelId: string) => void;
  disabled?: boolean;
}

export function LabelPalette({ labels, onApply, disabled }: LabelPaletteProps) {
  return (
    <div className="label-palette" role="group" aria-label="Labels">
      {labels.map((label) => (
        <button
          key={label.id}
          type="button"
          className={`label-button kind-${label.kind}`}
          aria-keyshortcuts={label.key ?? undefined}
          disabled={disabled}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onApply(label.id)}
        >
          <span className="swatch" aria-hidden="true" style={{ backgroundColor: label.color }} />
          <span>{label.name}</span>
          {label.key && (
            <kbd className="key" aria-hidden="true">
              {label.key}
            </kbd>
          )}
        </button>
      ))}
    </div>
  );
}
