import { ArchiveIcon } from "@/components/ui/icons/archive-icon";
import { LockIcon } from "@/components/ui/icons/lock-icon";
import { Label } from "@/components/ui/label";

/** "Private" and "Archived" beside a repository's name, on its page and on the overview. */
export function RepositoryLabels({
  isPrivate,
  isArchived,
}: {
  isPrivate: boolean;
  isArchived: boolean;
}) {
  return (
    <>
      {isPrivate ? (
        <Label size="medium">
          <LockIcon size={12} aria-hidden /> Private
        </Label>
      ) : null}
      {isArchived ? (
        <Label size="medium" tone="attention">
          <ArchiveIcon size={12} aria-hidden /> Archived
        </Label>
      ) : null}
    </>
  );
}
