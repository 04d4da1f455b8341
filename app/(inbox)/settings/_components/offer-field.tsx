/** One field of an offer row: the visible label wraps the input, with the field's error under it. */
export function OfferField({
  label,
  ariaLabel,
  value,
  onChange,
  error,
  inputMode,
  maxLength,
  className = "text-xs font-medium text-slate-700",
  inputClassName,
}: {
  label: string;
  ariaLabel: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  inputMode?: "numeric" | "decimal";
  maxLength?: number;
  className?: string;
  inputClassName: string;
}) {
  return (
    <label className={className}>
      {label}
      <input
        inputMode={inputMode}
        value={value}
        maxLength={maxLength}
        onChange={(e) => onChange(e.target.value)}
        className={inputClassName}
        aria-label={ariaLabel}
      />
      {error ? <span className="text-red-700">{error}</span> : null}
    </label>
  );
}
