/** A repository card still on its way: a grey box of the card's height. */
export function CardPlaceholder({ as: Tag = "div" }: { as?: "div" | "li" }) {
  return (
    <Tag
      aria-hidden
      className="h-[74px] rounded-md motion-safe:animate-pulse border border-line bg-canvas-subtle"
    />
  );
}
