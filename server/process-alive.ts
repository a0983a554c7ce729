/** Whether a process with this pid is running on this machine (owners of files in the data folder). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
