import { colourFor } from "../live/colour";
import { initials } from "../live/initials";

/** People in a room: a coloured initials disc (decorative) beside each visible name. */
export function PersonAvatars({ people }: { people: { userId: string; name: string }[] }) {
  return (
    <ul className="m-0 flex list-none flex-wrap gap-x-4 gap-y-2 p-0">
      {people.map((person) => (
        <li key={person.userId} className="flex items-center gap-2">
          <span className="live-avatar" data-colour={colourFor(person.userId).index} aria-hidden="true">
            {initials(person.name)}
          </span>
          <span>{person.name}</span>
        </li>
      ))}
    </ul>
  );
}
