/**
 * The box for a one-time code from an authenticator app: numeric keyboard on touch screens,
 * the browser's one-time-code autofill, digits only (a pasted "123 456" becomes "123456").
 */
export function MfaCodeInput({ id, value, onChange, describedBy }: { id: string; value: string; onChange: (digits: string) => void; describedBy?: string }) {
  return (
    <input
      id={id}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={10}
      value={value}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
    />
  );
}
