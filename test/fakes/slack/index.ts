export { startFakeSlack } from './server.js';
export type { FakeSlack, FakeSlackOptions, ApiCall, PostedMessage, ResponseUrlPost, Ack, PostFailure, SentCommand } from './server.js';
export { signSlackRequest } from './sign.js';
export { validateSlackMessage, pingProblems } from './validate.js';
