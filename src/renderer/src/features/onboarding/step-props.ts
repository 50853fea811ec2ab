/** What every step component receives from the wizard. */
import type { Dispatch, RefObject } from 'react';
import type { WizardAction, WizardState } from './wizard-model';

export interface StepProps {
  /** Put on the step's <h2>: the wizard focuses it when the step opens. */
  headingRef: RefObject<HTMLHeadingElement | null>;
  state: WizardState;
  dispatch: Dispatch<WizardAction>;
}
