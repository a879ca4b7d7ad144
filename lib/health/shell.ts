// The simple commands of a workflow's `run:` script, split the way bash splits them: words with
// their quoting and expansions, redirections, and whether a loop repeats them. Enough to follow a
// value from `git tag` to the `git push` that sends it; not an interpreter. Written here rather
// than taken from a package: the maintained bash parser ships as WebAssembly with an async API
// (sh-syntax), the older one as a 1.5 MB GopherJS build, and neither knows GitHub's `${{ }}`.

/** A piece of a word: literal text, a variable, a GitHub expression, or something computed. */
export type WordPart =
  | { kind: "text"; text: string }
  /** `$NAME` or `${NAME}`. */
  | { kind: "variable"; name: string }
  /** `${{ ... }}`: substituted by GitHub Actions before the shell runs. */
  | { kind: "expression"; text: string }
  /** `$(...)`, backquotes, `$((...))`, `${NAME#v}`, `$1`...: only known when the script runs. */
  | { kind: "computed"; raw: string };

export type ShellWord = {
  /** As written in the script, quotes included. */
  raw: string;
  parts: WordPart[];
};

export type Redirect = { op: string; target: ShellWord };

export type ShellCommand = {
  /** The words, without leading assignments, keywords (`then`, `do`, `!`...) and redirections. */
  words: ShellWord[];
  /** `NAME=value` words before the command; alone, they set shell variables. */
  assignments: { name: string; value: ShellWord }[];
  redirects: Redirect[];
  /** Offsets in the script: where the command starts and ends. */
  start: number;
  end: number;
  /** Inside `for`/`while`/`until ... done`: it may run several times. */
  inLoop: boolean;
};

const KEYWORDS = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The literal text of a word when it has no expansions, else null. */
export function literalOf(word: ShellWord): string | null {
  let text = "";
  for (const part of word.parts) {
    if (part.kind !== "text") return null;
    text += part.text;
  }
  return text;
}

class Lexer {
  private at = 0;
  private loopDepth = 0;
  private pendingLoop = false;
  private readonly commands: ShellCommand[] = [];
  private readonly heredocs: { delimiter: string; strip: boolean }[] = [];

  constructor(private readonly source: string) {}

  run(): ShellCommand[] {
    while (this.at < this.source.length) this.command();
    return this.commands;
  }

  private peek(offset = 0): string {
    return this.source[this.at + offset] ?? "";
  }

  /** Skips blanks and `\`-newline continuations; stops at a newline or anything else. */
  private blanks(): void {
    for (;;) {
      const char = this.peek();
      if (char === " " || char === "\t" || char === "\r") this.at += 1;
      else if (char === "\\" && this.peek(1) === "\n") this.at += 2;
      else return;
    }
  }

  /** Skips here-document bodies queued by `<<` on the line that just ended. */
  private skipHeredocs(): void {
    for (const { delimiter, strip } of this.heredocs.splice(0)) {
      while (this.at < this.source.length) {
        const end = this.source.indexOf("\n", this.at);
        const line = this.source.slice(this.at, end === -1 ? undefined : end);
        this.at = end === -1 ? this.source.length : end + 1;
        if ((strip ? line.replace(/^\t+/, "") : line) === delimiter) break;
      }
    }
  }

  private command(): void {
    const words: ShellWord[] = [];
    const assignments: ShellCommand["assignments"] = [];
    const redirects: Redirect[] = [];
    let start = -1;
    let end = this.at;
    for (;;) {
      this.blanks();
      const char = this.peek();
      if (char === "") break;
      if (char === "#") {
        while (this.at < this.source.length && this.peek() !== "\n") this.at += 1;
        continue;
      }
      if (char === "\n") {
        this.at += 1;
        this.skipHeredocs();
        break;
      }
      const operator = /^(?:;;|&&|\|\||[;&|()])/.exec(this.source.slice(this.at));
      if (operator) {
        this.at += operator[0].length;
        break;
      }
      const redirect = /^(?:\d*(?:>>|>&|<<-|<<<|<<|<&|>\||<>|>|<)|&>>|&>)/.exec(
        this.source.slice(this.at),
      );
      if (redirect) {
        this.at += redirect[0].length;
        this.blanks();
        const target = this.word();
        if (redirect[0].endsWith("<<") || redirect[0].endsWith("<<-")) {
          const delimiter = (literalOf(target) ?? target.raw).replace(/["']/g, "");
          this.heredocs.push({ delimiter, strip: redirect[0].endsWith("-") });
        }
        redirects.push({ op: redirect[0].replace(/^\d+/, ""), target });
        end = this.at;
        continue;
      }
      const wordStart = this.at;
      const word = this.word();
      if (words.length === 0) {
        const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.raw);
        if (assignment?.[1]) {
          assignments.push({ name: assignment[1], value: this.afterEquals(word) });
          if (start === -1) start = wordStart;
          end = this.at;
          continue;
        }
        if (KEYWORDS.has(word.raw) || word.raw === "{" || word.raw === "}") {
          this.keyword(word.raw);
          continue;
        }
        if (word.raw === "for" || word.raw === "case" || word.raw === "function") {
          // `for x in a b` and `case x in` say nothing about tags: skip to the command's end.
          if (word.raw === "for") this.pendingLoop = true;
          this.skipHeader();
          continue;
        }
      }
      words.push(word);
      if (start === -1) start = wordStart;
      end = this.at;
    }
    if (start !== -1 || redirects.length > 0) {
      this.commands.push({
        words,
        assignments,
        redirects,
        start: start === -1 ? end : start,
        end,
        inLoop: this.loopDepth > 0,
      });
    }
  }

  /** Skips the rest of a `for` or `case` header, up to its newline or `;`. */
  private skipHeader(): void {
    while (this.at < this.source.length && !/[\n;]/.test(this.peek())) {
      const before = this.at;
      this.blanks();
      this.word();
      if (this.at === before) this.at += 1;
    }
  }

  private keyword(word: string): void {
    if (word === "while" || word === "until") this.pendingLoop = true;
    if (word === "do" && this.pendingLoop) {
      this.pendingLoop = false;
      this.loopDepth += 1;
    }
    if (word === "done") this.loopDepth = Math.max(0, this.loopDepth - 1);
  }

  /** The value of `NAME=value` as a word of its own. */
  private afterEquals(word: ShellWord): ShellWord {
    const equals = word.raw.indexOf("=");
    const parts = [...word.parts];
    const first = parts[0];
    if (first?.kind === "text") {
      const rest = first.text.slice(first.text.indexOf("=") + 1);
      if (rest) parts[0] = { kind: "text", text: rest };
      else parts.shift();
    }
    return { raw: word.raw.slice(equals + 1), parts };
  }

  private word(): ShellWord {
    const begin = this.at;
    const parts: WordPart[] = [];
    const text = (value: string) => {
      const last = parts[parts.length - 1];
      if (last?.kind === "text") last.text += value;
      else parts.push({ kind: "text", text: value });
    };
    while (this.at < this.source.length) {
      const char = this.peek();
      if (/[\s;&|()<>]/.test(char)) break;
      if (char === "\\") {
        if (this.peek(1) === "\n") this.at += 2;
        else {
          text(this.peek(1));
          this.at += 2;
        }
      } else if (char === "'") {
        const close = this.source.indexOf("'", this.at + 1);
        const stop = close === -1 ? this.source.length : close;
        text(this.source.slice(this.at + 1, stop));
        this.at = stop + 1;
      } else if (char === '"') {
        this.at += 1;
        this.doubleQuoted(parts, text);
      } else if (char === "$" && this.peek(1) === "'") {
        const close = this.source.indexOf("'", this.at + 2);
        const stop = close === -1 ? this.source.length : close;
        text(this.source.slice(this.at + 2, stop));
        this.at = stop + 1;
      } else if (char === "$" || char === "`") {
        parts.push(this.expansion());
      } else {
        text(char);
        this.at += 1;
      }
    }
    return { raw: this.source.slice(begin, this.at), parts };
  }

  private doubleQuoted(parts: WordPart[], text: (value: string) => void): void {
    while (this.at < this.source.length) {
      const char = this.peek();
      if (char === '"') {
        this.at += 1;
        return;
      }
      if (char === "\\" && /["\\$`\n]/.test(this.peek(1))) {
        if (this.peek(1) !== "\n") text(this.peek(1));
        this.at += 2;
      } else if (char === "$" || char === "`") {
        const part = this.expansion();
        if (part.kind === "text") text(part.text);
        else parts.push(part);
      } else {
        text(char);
        this.at += 1;
      }
    }
  }

  /** `$...` or a backquoted command, starting at the `$` or backquote. */
  private expansion(): WordPart {
    const begin = this.at;
    const rest = this.source.slice(this.at);
    if (rest.startsWith("${{")) {
      const close = this.source.indexOf("}}", this.at + 3);
      const stop = close === -1 ? this.source.length : close + 2;
      this.at = stop;
      return { kind: "expression", text: this.source.slice(begin, stop) };
    }
    if (rest.startsWith("`")) {
      const close = this.source.indexOf("`", this.at + 1);
      this.at = close === -1 ? this.source.length : close + 1;
      return { kind: "computed", raw: this.source.slice(begin, this.at) };
    }
    if (rest.startsWith("$(") || rest.startsWith("${")) {
      const open = rest[1] as "(" | "{";
      this.at = this.matching(this.at + 1, open, open === "(" ? ")" : "}");
      const raw = this.source.slice(begin, this.at);
      const braced = open === "{" ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(raw) : null;
      return braced?.[1] ? { kind: "variable", name: braced[1] } : { kind: "computed", raw };
    }
    const name = NAME.exec(rest.slice(1));
    if (name) {
      this.at += 1 + name[0].length;
      return { kind: "variable", name: name[0] };
    }
    if (/^\$[0-9@*#?$!-]/.test(rest)) {
      this.at += 2;
      return { kind: "computed", raw: rest.slice(0, 2) };
    }
    this.at += 1;
    return { kind: "text", text: "$" };
  }

  /** The offset after the bracket that closes the one at `from`, skipping quoted text. */
  private matching(from: number, open: string, close: string): number {
    let depth = 0;
    let quote: string | null = null;
    for (let index = from; index < this.source.length; index += 1) {
      const char = this.source[index];
      if (quote) {
        if (char === "\\" && quote === '"') index += 1;
        else if (char === quote) quote = null;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === "\\") index += 1;
      else if (char === open) depth += 1;
      else if (char === close) {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
    }
    return this.source.length;
  }
}

/** The simple commands of a script, in order. */
export function shellCommands(script: string): ShellCommand[] {
  return new Lexer(script).run();
}
