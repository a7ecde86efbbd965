FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PERIOD=0.2
# Numbered lines on stdout every $PERIOD seconds, every fifth one also on stderr.
CMD ["sh", "-c", "i=0; while true; do i=$((i+1)); echo \"out $i\"; if [ $((i % 5)) -eq 0 ]; then echo \"err $i\" >&2; fi; sleep $PERIOD; done"]
