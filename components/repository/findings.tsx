import { ExternalLink } from "@/components/ui/external-link";
import { AlertIcon } from "@/components/ui/icons/alert-icon";
import { DotFillIcon } from "@/components/ui/icons/dot-fill-icon";
import { InfoIcon } from "@/components/ui/icons/info-icon";
import type { Icon } from "@/components/ui/icons/octicon";
import { LinkedText } from "@/components/ui/linked-text";
import { STATUS_TONES, TONES, type Tone } from "@/components/ui/tone";
import type { Finding, TagStatus } from "@/lib/health/types";

// What is wrong with a tag and what to do, one note each, edged in its status colour.

const FINDING_TONES: Record<Exclude<Finding["code"], TagStatus>, Tone> = {
  prerelease: "muted",
};

function findingTone(code: Finding["code"]): Tone {
  return code in FINDING_TONES
    ? FINDING_TONES[code as keyof typeof FINDING_TONES]
    : STATUS_TONES[code as TagStatus];
}

/** A tag card's findings: the message, the hint, and the pages they refer to. */
export function Findings({ findings }: { findings: Finding[] }) {
  return (
    <ul className="mx-4 mt-3 space-y-2" aria-label="Findings">
      {findings.map((finding, index) => {
        const tone = findingTone(finding.code);
        const FindingIcon: Icon =
          tone === "muted" ? InfoIcon : tone === "accent" ? DotFillIcon : AlertIcon;
        return (
          <li key={`${finding.code}-${index}`} className={`finding ${TONES[tone].edge}`}>
            <FindingIcon size={16} aria-hidden className={`mt-0.5 ${TONES[tone].text}`} />
            <div className="min-w-0 space-y-0.5 break-words">
              <p className="font-semibold">
                <LinkedText text={finding.message} />
              </p>
              <p className="text-fg-muted">
                <LinkedText text={finding.hint} />
              </p>
              {finding.links && finding.links.length > 0 ? (
                <ul className="flex flex-wrap gap-x-3 gap-y-0.5 pt-0.5" aria-label="Links">
                  {finding.links.map((link) => (
                    <li key={link.url}>
                      <ExternalLink href={link.url} className="inline-flex items-center gap-1">
                        {link.label}
                      </ExternalLink>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
