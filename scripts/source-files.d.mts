/** Every `.ts` file under `dir`, recursively, leaving out folders named `generated`. */
export function sourceFiles(dir: string): string[];
