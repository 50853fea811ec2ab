/** "Step 2 of 5 — What you need", with a bar of five segments for sighted readers. */
import { STEPS, stepNumber, type StepId } from './wizard-model';

export function StepIndicator({ step }: { step: StepId }) {
  const n = step === 'done' ? STEPS.length + 1 : stepNumber(step);
  return (
    <div className="step-indicator">
      <p className="step-text" id="wz-step-text">{step === 'done' ? 'Done — the connection is saved' : `Step ${n} of ${STEPS.length} — ${STEPS[n - 1]!.title}`}</p>
      <ol className="step-bar" aria-hidden="true">
        {STEPS.map((s, i) => (
          <li key={s.id} className={i + 1 < n ? 'past' : i + 1 === n ? 'current' : ''} />
        ))}
      </ol>
    </div>
  );
}
