import { RepoHealthSkeleton } from "@/components/repo-health-skeleton";

export default function Loading() {
  return <RepoHealthSkeleton />;
}
