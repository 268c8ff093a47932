/** The client package: typed API client, kubeconfig, list-watch cache and work queue. */
export { ApiClient, kindInfo, resourcePath, parseWatchStream, type PatchType, type ListOptions, type WatchOptions, type DeleteOptions } from './client.js';
export { loadKubeconfig, parseKubeconfig, type ConnectionConfig } from './kubeconfig.js';
export { connectionFromKubeconfig, loadKubeconfigLazily } from './kubeconfig-document.js';
export { createInformer, type Informer, type InformerHandlers, type InformerOptions } from './informer.js';
export { createWorkQueue, TerminalError, type WorkQueue, type ReconcileFn, type ReconcileResult } from './workqueue.js';
export { createTransport, type Transport, type RequestOptions } from './transport.js';
export { createEventRecorder, type EventRecorder } from './events.js';
