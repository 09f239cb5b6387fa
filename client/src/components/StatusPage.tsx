import type { ReactNode } from 'react';
import { TopBar } from './TopBar.js';

interface Props {
  testId?: string;
  title: string;
  tone?: 'neutral' | 'warn' | 'error';
  children?: ReactNode;
}

/** A centred card with a heading: loading, connecting, and the end screens. */
export function StatusPage({ testId, title, tone = 'neutral', children }: Props) {
  return (
    <div className="page">
      <TopBar />
      <main className="status-page" data-testid={testId}>
        <section className={`card status-card tone-${tone}`}>
          <h1>{title}</h1>
          {children}
        </section>
      </main>
    </div>
  );
}
