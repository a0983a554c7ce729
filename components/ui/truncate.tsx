/**
 * Text cut to one line with an ellipsis, the whole of it in a native tooltip (`title`, by default the text;
 * screen readers read the text whole). Inside a table cell it needs a maximum width (`className`, default
 * 15rem): a table otherwise grows to fit the text.
 */
export function Truncate({
  text,
  title = text,
  className = "max-w-60",
  testId,
}: {
  text: string;
  title?: string;
  className?: string;
  testId?: string;
}) {
  return (
    <span title={title} data-testid={testId} className={`block truncate ${className}`}>
      {text}
    </span>
  );
}
