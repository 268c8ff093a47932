import { createMemoryStore } from '../../../apiserver/storage/memory.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('memory', async (opts) => createMemoryStore(opts));
