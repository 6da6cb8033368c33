/** The one question Smart Sync All asks before sending (sendQuestion in describe.ts), with its two answers. */
export function SendQuestion({
  question,
  counted,
  previewWhere,
  onSend,
  onCancel,
}: {
  question: string;
  /** The question gives a preview's counts; without them, it says where to preview first. */
  counted: boolean;
  /** Where Preview is: " in the panel" from the popup, "" in the panel itself. */
  previewWhere: string;
  onSend: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="oss-confirm" role="alertdialog" aria-label="Confirm Smart Sync All">
      <p data-role="question" data-field="question">
        {question}
      </p>
      {!counted && (
        <p className="oss-muted">Preview{previewWhere} first to see how many items each list would send.</p>
      )}
      <p className="oss-actions">
        <button type="button" className="oss-primary" onClick={onSend}>
          Send
        </button>
        <button type="button" onClick={onCancel}>
          Not now
        </button>
      </p>
    </div>
  );
}
