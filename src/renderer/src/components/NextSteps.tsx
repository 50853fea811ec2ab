/** "What to do next", as numbered steps: the advice after a failed Test connection. */
export function NextSteps({ steps, label = 'What to do next:' }: { steps: string[]; label?: string }) {
  return (
    <div className="next-steps">
      <p>
        <strong>{label}</strong>
      </p>
      <ol>
        {steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
    </div>
  );
}
