/** @module agencies  Agency folders, intent packs, and the bots that answer for them. */
export { loadAgencyFolder, loadAgenciesFolder, loadPackFolder, type LoadedAgency, type LoadedPacks } from './loader.js';
export { parseYamlWith, readYamlWith } from './yaml-file.js';
export { AgencyRegistry, SHARED_OWNER, qualify, splitIntent, type RegisteredAgency } from './registry.js';
export { PackAnswers } from './pack-answers.js';
export { LocalBot } from './local-bot.js';
export { HttpBot } from './http-bot.js';
export { RasaBot } from './rasa-bot.js';
export { refusedAddress, type BotNetworkPolicy } from './bot-network.js';
export { MAX_BOT_RESPONSE_BYTES } from './post-json.js';
export { BotCircuit, type BotCircuitOptions } from './bot-circuit.js';
export { agencySigningSecret, signBotRequest, verifyBotRequest, SIGNATURE_HEADERS, DEFAULT_REPLAY_WINDOW_SECONDS, type SignatureCheck } from './bot-signature.js';
export { defineHandler, type AgencyBot, type AgencyHandler, type HandlerTools } from './types.js';
export { importRasa, type RasaImport, type ImportedIntent } from './rasa-import.js';
export { MAX_REPROMPTS, isAnswerAttempt, isOfferedChoice, personChoice } from './form-tools.js';
