import { NotFoundPage } from "@/components/site/not-found-page";

export default function NotFound() {
  return (
    <NotFoundPage
      title="Page not found"
      message="There is nothing at this address."
      homeLabel="Go to tagwatch's home"
    />
  );
}
