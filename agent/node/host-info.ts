/** What the node reports as its OS image and kernel (nodeInfo), read from this machine. */
import { readFile } from 'node:fs/promises';
import { release, type } from 'node:os';

/** nodeInfo.osImage and nodeInfo.kernelVersion. */
export interface HostInfo {
  osImage: string;
  kernelVersion: string;
}

/** PRETTY_NAME from /etc/os-release (as kubelet reports it), falling back to the OS type. */
export async function readHostInfo(): Promise<HostInfo> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
  return { osImage: pretty || type(), kernelVersion: release() };
}
