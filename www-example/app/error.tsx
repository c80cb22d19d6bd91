'use client';

// Anything that throws while rendering lands here instead of leaving a blank page.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <div className="card error" role="alert">
        <h1>Something went wrong</h1>
        <p>{error.message || 'An unexpected error occurred.'}</p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
