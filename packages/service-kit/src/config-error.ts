import type { z } from 'zod';
import { ServiceKitError } from './errors.ts';

/** One thing wrong with the environment, phrased for whoever deploys the service. */
export interface ConfigProblem {
  /** The environment variable, or `(configuration)` for a check that spans several. */
  readonly variable: string;
  /** 0-based position of the bad item when the variable is a list. */
  readonly item?: number;
  /** What is wrong and what a valid value looks like; never contains a secret's value. */
  readonly problem: string;
}

/**
 * Thrown by `loadConfig` with every problem at once, so a deployment is fixed
 * in one round trip instead of one restart per variable.
 *
 * It carries no `cause`: the zod error could echo input values, and a secret
 * must not reach the logs through an error chain.
 */
export class ConfigError extends ServiceKitError {
  declare readonly variables: readonly string[];
  declare readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const variables = [...new Set(problems.map((p) => p.variable))];
    const lines = problems.map((p) => `  - ${p.problem}`);
    const noun = variables.length === 1 ? 'environment variable needs' : 'environment variables need';
    super('VIGIA_CONFIG_INVALID', `invalid configuration: ${variables.length} ${noun} fixing:\n${lines.join('\n')}`, {
      context: { variables, problems: problems.map((p) => ({ ...p })) },
    });
  }
}

/**
 * Variables whose value is never echoed: their name contains PASSWORD, SECRET,
 * TOKEN or KEY (which also catches harmless names such as `KEYSTORE_TYPE`;
 * hiding too much is the cheap mistake).
 */
export function isSecretVariable(name: string): boolean {
  return /PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL/i.test(name);
}

const noPath = '(configuration)';
const maxShownChars = 80;

/** Turns zod issues into problems that name the variable, the value (unless secret) and the fix. */
export function describeConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  env: Readonly<Record<string, string | undefined>>,
  schema: z.ZodType,
): ConfigProblem[] {
  return issues.map((issue) => {
    const [head, index] = issue.path;
    const variable = typeof head === 'string' ? head : noPath;
    const item = typeof index === 'number' ? index : undefined;
    const raw = variable === noPath ? undefined : env[variable];
    const secret = isSecretVariable(variable);
    const purpose = descriptionOf(schema, variable);
    const suffix = purpose === undefined ? '' : ` (${variable}: ${purpose})`;
    const label = item === undefined ? variable : `${variable} item ${item + 1}`;

    if (variable !== noPath && raw === undefined && issue.code === 'invalid_type') {
      return { variable, problem: `${variable} is required but not set; set it${purpose === undefined ? '' : ` to ${purpose}`}` };
    }
    // A cross-field check can fault a variable that is unset and took its default.
    const unset = variable === noPath ? '' : ' (not set, so its default)';
    const shown = raw === undefined ? unset : secret ? ' (value hidden)' : `=${quote(raw)}`;
    const message = secret && raw !== undefined ? scrub(issue.message, raw) : issue.message;
    const problem = `${label}${shown}: ${message}${suffix}`;
    return item === undefined ? { variable, problem } : { variable, item, problem };
  });
}

function quote(value: string): string {
  const shown = value.length > maxShownChars ? `${value.slice(0, maxShownChars)}…` : value;
  return JSON.stringify(shown);
}

// Custom messages can interpolate the input; a secret's value (or one item of
// a secret list) is cut out of them.
function scrub(message: string, secretValue: string): string {
  const parts = [secretValue, ...secretValue.split(',').map((part) => part.trim())].filter((part) => part.length >= 3);
  return parts.reduce((text, part) => text.split(part).join('[hidden]'), message);
}

/** The `.describe()` text of a top-level field, looking through default/optional wrappers. */
function descriptionOf(schema: z.ZodType, variable: string): string | undefined {
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape;
  let field: z.ZodType | undefined = shape?.[variable];
  for (let depth = 0; field !== undefined && depth < 4; depth++) {
    if (field.description !== undefined) return field.description;
    field = (field._zod.def as { innerType?: z.ZodType }).innerType;
  }
  return undefined;
}
