import { useEffect, useState } from "react";
import { describeTimeLeft } from "./deadline.ts";

/** The call's deadline countdown; renders on the server and ticks every 30 s in the browser. */
export function Countdown({ closesAt }: { closesAt: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const left = describeTimeLeft(closesAt, now);
  return (
    <p className={left.urgent ? "notice notice--warning" : "muted"} role="timer" aria-live="off">
      {left.text}
    </p>
  );
}
