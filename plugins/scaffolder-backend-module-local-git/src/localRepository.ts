import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * A repository name: letters, digits, ".", "_" and "-", starting with a
 * letter or digit (so never "." or ".."), as git hosts accept them.
 */
export const REPO_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The branch every local repository starts on. */
export const DEFAULT_BRANCH = 'main';

export interface GitAuthor {
  name: string;
  email: string;
}

/**
 * Where the repository `repoName` lives in `directory`: refuses names that
 * are not plain repository names or would leave the directory.
 */
export function localRepositoryPath(
  directory: string,
  repoName: string,
): string {
  if (!REPO_NAME_PATTERN.test(repoName)) {
    throw new InputError(
      `Invalid repository name "${repoName}": use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters`,
    );
  }
  return resolveSafeChildPath(directory, repoName);
}

/** Runs the real git binary, without a shell, and returns its stdout. */
async function git(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env },
    });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `git ${args[0]} failed in ${cwd}${stderr ? `: ${stderr}` : ''}`,
      { cause: error },
    );
  }
}

/** Whether `dir` exists with something in it. */
async function isNonEmptyDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

/**
 * Creates the git repository `repoPath` with the files of `sourceDir` (a
 * `.git` there is left out) as its first commit on {@link DEFAULT_BRANCH},
 * and returns that commit's hash. Refuses a repository that exists already;
 * removes what it created when a step fails, so the name stays free.
 */
export async function createLocalRepository(options: {
  repoPath: string;
  sourceDir: string;
  description?: string;
  author: GitAuthor;
  commitMessage: string;
}): Promise<string> {
  const { repoPath, sourceDir, author } = options;
  if (await isNonEmptyDirectory(repoPath)) {
    throw new InputError(
      `Repository ${path.basename(
        repoPath,
      )} already exists in the local git directory ${path.dirname(
        repoPath,
      )}; choose another name`,
    );
  }
  await fs.mkdir(repoPath, { recursive: true });
  try {
    await fs.cp(sourceDir, repoPath, {
      recursive: true,
      filter: source => path.relative(sourceDir, source) !== '.git',
    });
    await git(repoPath, [
      'init',
      '--quiet',
      `--initial-branch=${DEFAULT_BRANCH}`,
    ]);
    if (options.description) {
      // What gitweb and `git instaweb` show for the repository.
      await fs.writeFile(
        path.join(repoPath, '.git', 'description'),
        `${options.description}\n`,
      );
    }
    await git(repoPath, ['add', '--all']);
    await git(
      repoPath,
      [
        // The machine's own git config must not sign or redirect the commit.
        '-c',
        'commit.gpgsign=false',
        '-c',
        'core.hooksPath=/dev/null',
        'commit',
        '--quiet',
        '--allow-empty',
        '--message',
        options.commitMessage,
      ],
      {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      },
    );
    return await git(repoPath, ['rev-parse', 'HEAD']);
  } catch (error) {
    await fs.rm(repoPath, { recursive: true, force: true });
    throw error;
  }
}
