/**
 * @module nlu
 * Intent classification and language detection. Train from pack examples, classify per message:
 * TF-IDF over stemmed words and character n-grams, softmax regression (or an MLP, or both averaged), calibrated
 * scores, tuned thresholds.
 * See docs/NLU.md for the measurements behind the defaults.
 */
export type { TrainingExample, IntentPrediction, Classification, TrainOptions, IntentModel, LanguageGuess } from './types.js';
export { trainIntentModel, type IntentTrainOptions, type IntentModelKind } from './train.js';
export { LinearIntentModel } from './model.js';
export { EnsembleIntentModel } from './ensemble.js';
export { loadIntentModel, loadIntentModelFile, saveIntentModelFile, ModelFormatError } from './load.js';
export { MODEL_FORMAT_VERSION } from './serialize.js';
export {
  detectLanguage,
  createLanguageDetector,
  LanguageDetector,
  LANGUAGE_CONFIDENCE_FLOOR,
  type LanguageSample,
} from './language.js';
export { tokenize, normalize } from './text.js';
export { modelForExamples } from './model-cache.js';
export { expandSynonyms, type SynonymGroup } from './augment.js';
