import type { Language } from '../protocol/index.js';

/**
 * The NLU contract the router depends on. Kept small on purpose so the model can be replaced:
 * train from examples → classify text into ranked intents with calibrated scores.
 */
export interface TrainingExample {
  text: string;
  /** Qualified intent name (`<owner>/<intent>`), or `oos` for an explicit out-of-scope example. */
  intent: string;
  language: Language;
}

export interface IntentPrediction {
  intent: string;
  /** Calibrated probability-like confidence in [0, 1]; the ranked list's scores sum to at most 1. */
  score: number;
}

export interface Classification {
  /** Every known intent, best first (the router needs each agency's best, not only the top 3). */
  ranked: IntentPrediction[];
  /** True when the top score is below the model's out-of-scope threshold (or `oos` wins). */
  outOfScope: boolean;
  /** Features (word or character n-grams) that weighed most for the top intent, for explanations. */
  evidence: string[];
}

export interface TrainOptions {
  /** Same examples + same seed ⇒ same model, same scores. */
  seed?: number;
  /** Examples held out to tune the out-of-scope threshold; when absent the model uses its default. */
  validation?: TrainingExample[];
}

export interface IntentModel {
  readonly intents: readonly string[];
  /** Out-of-scope threshold on the top score, tuned on validation data and stored with the model. */
  readonly threshold: number;
  /**
   * Suggested clarify margin: when top-1 minus top-2 score is below it, asking beats guessing on held-out data
   * (0 = never ask). Optional so other models can omit it.
   */
  readonly clarifyMargin?: number;
  classify(text: string, language?: Language): Classification;
  /** Versioned, JSON-serialisable form; `loadIntentModel` restores an identical model. */
  toJSON(): unknown;
}

export interface LanguageGuess {
  language: Language;
  /** In [0, 1]. Low for very short or code-switched text. */
  confidence: number;
  /** All candidates, best first. */
  candidates: Array<{ language: Language; score: number }>;
}
